//! China's 34 provincial-level regions, as configs and visitors write them
//! (`广东省`, `北京市`), with the short names a wall of hometowns counts by
//! (`广东`, `北京`). The group picker's groups name provinces and cities the
//! same way (`province: "广东省"`, `city: "深圳市"`, a municipality repeated as
//! its own city), so a hometown and a group compare as plain strings.

/// A provincial-level region: its full name and its short name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Province {
    /// `广东省`, `广西壮族自治区`, `北京市`, `香港特别行政区`.
    pub name: &'static str,
    /// `广东`, `广西`, `北京`, `香港`.
    pub short: &'static str,
}

const fn province(name: &'static str, short: &'static str) -> Province {
    Province { name, short }
}

/// Every provincial-level region, in the national standard's order (GB/T 2260).
pub const PROVINCES: [Province; 34] = [
    province("北京市", "北京"),
    province("天津市", "天津"),
    province("河北省", "河北"),
    province("山西省", "山西"),
    province("内蒙古自治区", "内蒙古"),
    province("辽宁省", "辽宁"),
    province("吉林省", "吉林"),
    province("黑龙江省", "黑龙江"),
    province("上海市", "上海"),
    province("江苏省", "江苏"),
    province("浙江省", "浙江"),
    province("安徽省", "安徽"),
    province("福建省", "福建"),
    province("江西省", "江西"),
    province("山东省", "山东"),
    province("河南省", "河南"),
    province("湖北省", "湖北"),
    province("湖南省", "湖南"),
    province("广东省", "广东"),
    province("广西壮族自治区", "广西"),
    province("海南省", "海南"),
    province("重庆市", "重庆"),
    province("四川省", "四川"),
    province("贵州省", "贵州"),
    province("云南省", "云南"),
    province("西藏自治区", "西藏"),
    province("陕西省", "陕西"),
    province("甘肃省", "甘肃"),
    province("青海省", "青海"),
    province("宁夏回族自治区", "宁夏"),
    province("新疆维吾尔自治区", "新疆"),
    province("台湾省", "台湾"),
    province("香港特别行政区", "香港"),
    province("澳门特别行政区", "澳门"),
];

/// The region a visitor or a config names, by its full name (`广东省`) or its
/// short one (`广东`).
pub fn find_province(name: &str) -> Option<&'static Province> {
    let name = name.trim();
    PROVINCES
        .iter()
        .find(|province| province.name == name || province.short == name)
}

/// Whether `province` is a municipality, whose city is itself (`北京市`).
pub fn is_municipality(province: &Province) -> bool {
    matches!(province.short, "北京" | "天津" | "上海" | "重庆")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_provinces_by_either_name() {
        assert_eq!(find_province("广东省").map(|p| p.short), Some("广东"));
        assert_eq!(find_province(" 广东 ").map(|p| p.name), Some("广东省"));
        assert_eq!(find_province("广东市"), None);
        assert!(is_municipality(find_province("上海").unwrap()));
        assert!(!is_municipality(find_province("广东").unwrap()));
    }

    #[test]
    fn names_are_unique() {
        for (index, province) in PROVINCES.iter().enumerate() {
            assert!(province.name.starts_with(province.short));
            assert!(
                PROVINCES[..index]
                    .iter()
                    .all(|other| other.name != province.name && other.short != province.short)
            );
        }
    }
}
