//! `campaign-server links`: a page's link for each channel (渠道码), and its
//! QR code as a PNG to print on the poster, the menu or the alert.

use campaign_core::Campaign;

/// Modules of white around a QR code: the quiet zone scanners need.
pub const QUIET_ZONE_MODULES: usize = 4;
/// Pixels per module: large enough to print and to scan off a screen.
pub const PIXELS_PER_MODULE: usize = 8;

/// One link to hand out: its channel (`None`: the plain link), the
/// channel's name, and the URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChannelLink {
    pub code: Option<String>,
    pub name: String,
    pub url: String,
}

/// The links of page `page_id`: one per configured channel, then the plain
/// one. `Err` with a sentence naming the campaign's pages when it has no such
/// page.
pub fn channel_links(
    campaign: &Campaign,
    page_id: &str,
    base: &str,
) -> Result<Vec<ChannelLink>, String> {
    if campaign.page(page_id).is_none() {
        let ids: Vec<&str> = campaign.pages.iter().map(|page| page.id()).collect();
        return Err(format!(
            "the campaign has no page `{page_id}`; its pages are: {}",
            ids.join(", ")
        ));
    }
    let page_url = format!("{}/p/{page_id}", base.trim_end_matches('/'));
    let mut links: Vec<ChannelLink> = campaign
        .channels
        .iter()
        .map(|(code, name)| ChannelLink {
            code: Some(code.clone()),
            name: name.clone(),
            url: format!("{page_url}?ch={code}"),
        })
        .collect();
    links.push(ChannelLink {
        code: None,
        name: "(no channel)".to_owned(),
        url: page_url,
    });
    Ok(links)
}

/// `text` as a QR code in a PNG: black on white, with the quiet zone, each
/// module [`PIXELS_PER_MODULE`] pixels square.
pub fn qr_png(text: &str) -> anyhow::Result<Vec<u8>> {
    let code = qrcode::QrCode::new(text.as_bytes())?;
    let modules = code.width();
    let colors = code.to_colors();
    let side = (modules + 2 * QUIET_ZONE_MODULES) * PIXELS_PER_MODULE;
    let mut pixels = vec![255u8; side * side];
    for (index, color) in colors.iter().enumerate() {
        if *color != qrcode::Color::Dark {
            continue;
        }
        let (x, y) = (index % modules, index / modules);
        for dy in 0..PIXELS_PER_MODULE {
            let row = (y + QUIET_ZONE_MODULES) * PIXELS_PER_MODULE + dy;
            let start = row * side + (x + QUIET_ZONE_MODULES) * PIXELS_PER_MODULE;
            pixels[start..start + PIXELS_PER_MODULE].fill(0);
        }
    }
    let mut png = Vec::new();
    {
        let side = u32::try_from(side)?;
        let mut encoder = png::Encoder::new(&mut png, side, side);
        encoder.set_color(png::ColorType::Grayscale);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header()?;
        writer.write_image_data(&pixels)?;
        writer.finish()?;
    }
    Ok(png)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qr_codes_have_their_quiet_zone_and_module_size() {
        let png = qr_png("https://pages.example/p/invite?ch=moments").unwrap();
        let decoder = png::Decoder::new(std::io::Cursor::new(png));
        let mut reader = decoder.read_info().unwrap();
        let mut pixels = vec![0; reader.output_buffer_size()];
        let info = reader.next_frame(&mut pixels).unwrap();
        let side = info.width as usize;
        assert_eq!(info.width, info.height);
        assert_eq!(side % PIXELS_PER_MODULE, 0);
        let quiet = QUIET_ZONE_MODULES * PIXELS_PER_MODULE;
        // The quiet zone is white; the finder pattern's corner just inside it is black.
        assert!(pixels[..quiet * side].iter().all(|&p| p == 255));
        assert_eq!(pixels[quiet * side + quiet], 0);
        assert_eq!(pixels[quiet * side + quiet - 1], 255);
    }
}
