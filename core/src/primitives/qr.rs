//! QR codes (ISO/IEC 18004), encoded in byte mode at error correction level M.
//!
//! The pages draw join links, claim codes and poster links as QR codes on the
//! device. A general encoder (every mode, every level, Micro QR, a mode
//! optimiser) cost the draw page 15 KB of gzip; these pages need one mode and
//! one level, so this is the little that takes: the bit stream, Reed–Solomon
//! over GF(256), the function patterns, the zigzag placement and the mask with
//! the lowest penalty. Level M survives a smudge or a chat app's
//! recompression; byte mode holds the mixed-case URLs the denser modes cannot.

/// A code's modules, row by row, without a quiet zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrMatrix {
    /// Modules per side.
    pub width: usize,
    dark: Vec<bool>,
}

impl QrMatrix {
    /// The rows, each `width` modules long.
    pub fn rows(&self) -> impl Iterator<Item = &[bool]> {
        self.dark.chunks(self.width)
    }
}

/// Encodes `text` in the smallest version it fits, with the mask the standard's
/// penalty rules prefer; `None` when it is too long for any QR code (2,331
/// bytes at level M).
pub fn encode(text: &str) -> Option<QrMatrix> {
    encode_with_mask(text, None)
}

/// [`encode`] with a chosen mask (0 to 7) instead of the best one: the tests
/// compare every mask's modules with another encoder's.
#[doc(hidden)]
pub fn encode_with_mask(text: &str, mask: Option<u8>) -> Option<QrMatrix> {
    let bytes = text.as_bytes();
    let version = (1..=40u8).find(|&version| {
        let header_bits = 4 + count_bits(version);
        header_bits + 8 * bytes.len() <= 8 * Blocks::of(version).data_codewords()
    })?;
    let codewords = interleaved_codewords(&data_codewords(bytes, version), version);
    let mut symbol = Symbol::new(version);
    symbol.draw_function_patterns();
    symbol.place(&codewords);
    let mask = mask.unwrap_or_else(|| {
        (0..8)
            .min_by_key(|&mask| {
                let mut candidate = symbol.clone();
                candidate.apply_mask(mask);
                candidate.penalty()
            })
            .unwrap_or(0)
    });
    symbol.apply_mask(mask);
    Some(QrMatrix {
        width: symbol.width,
        dark: symbol.dark,
    })
}

/// Bits of the character count in byte mode.
fn count_bits(version: u8) -> usize {
    if version <= 9 { 8 } else { 16 }
}

/// How a version's codewords split into blocks at level M: `short` blocks of
/// `data` data codewords and `long` blocks of one more, each followed by `ec`
/// error correction codewords.
struct Blocks {
    ec: usize,
    short: usize,
    data: usize,
    long: usize,
}

/// Level M, versions 1 to 40: (error correction codewords per block, short
/// blocks, data codewords per short block, long blocks). From the standard's
/// table 9.
const LEVEL_M: [(u8, u8, u8, u8); 40] = [
    (10, 1, 16, 0),
    (16, 1, 28, 0),
    (26, 1, 44, 0),
    (18, 2, 32, 0),
    (24, 2, 43, 0),
    (16, 4, 27, 0),
    (18, 4, 31, 0),
    (22, 2, 38, 2),
    (22, 3, 36, 2),
    (26, 4, 43, 1),
    (30, 1, 50, 4),
    (22, 6, 36, 2),
    (22, 8, 37, 1),
    (24, 4, 40, 5),
    (24, 5, 41, 5),
    (28, 7, 45, 3),
    (28, 10, 46, 1),
    (26, 9, 43, 4),
    (26, 3, 44, 11),
    (26, 3, 41, 13),
    (26, 17, 42, 0),
    (28, 17, 46, 0),
    (28, 4, 47, 14),
    (28, 6, 45, 14),
    (28, 8, 47, 13),
    (28, 19, 46, 4),
    (28, 22, 45, 3),
    (28, 3, 45, 23),
    (28, 21, 45, 7),
    (28, 19, 47, 10),
    (28, 2, 46, 29),
    (28, 10, 46, 23),
    (28, 14, 46, 21),
    (28, 14, 46, 23),
    (28, 12, 47, 26),
    (28, 6, 47, 34),
    (28, 29, 46, 14),
    (28, 13, 46, 32),
    (28, 40, 47, 7),
    (28, 18, 47, 31),
];

impl Blocks {
    fn of(version: u8) -> Blocks {
        let (ec, short, data, long) = LEVEL_M[usize::from(version - 1)];
        Blocks {
            ec: ec.into(),
            short: short.into(),
            data: data.into(),
            long: long.into(),
        }
    }

    fn data_codewords(&self) -> usize {
        self.short * self.data + self.long * (self.data + 1)
    }
}

/// The mode, the count, the bytes, the terminator and the pad codewords.
fn data_codewords(bytes: &[u8], version: u8) -> Vec<u8> {
    let capacity = Blocks::of(version).data_codewords();
    let mut bits = BitWriter::default();
    bits.push(0b0100, 4);
    bits.push(bytes.len() as u32, count_bits(version));
    for &byte in bytes {
        bits.push(byte.into(), 8);
    }
    // The terminator is up to four zero bits, then zeros to the byte boundary.
    let room = 8 * capacity - bits.len;
    bits.push(0, room.min(4));
    bits.push(0, (8 - bits.len % 8) % 8);
    let mut codewords = bits.bytes;
    for pad in [0xEC, 0x11].into_iter().cycle() {
        if codewords.len() >= capacity {
            break;
        }
        codewords.push(pad);
    }
    codewords
}

#[derive(Default)]
struct BitWriter {
    bytes: Vec<u8>,
    len: usize,
}

impl BitWriter {
    /// Appends the low `count` bits of `value`, most significant first.
    fn push(&mut self, value: u32, count: usize) {
        for bit in (0..count).rev() {
            if self.len % 8 == 0 {
                self.bytes.push(0);
            }
            if (value >> bit) & 1 == 1 {
                let last = self.bytes.len() - 1;
                self.bytes[last] |= 0x80 >> (self.len % 8);
            }
            self.len += 1;
        }
    }
}

/// Splits the data into blocks, adds each block's error correction, and
/// interleaves them: the first codeword of every block, then the second, and
/// so on; then the error correction codewords the same way.
fn interleaved_codewords(data: &[u8], version: u8) -> Vec<u8> {
    let blocks = Blocks::of(version);
    let generator = generator_polynomial(blocks.ec);
    let mut split = Vec::with_capacity(blocks.short + blocks.long);
    let mut rest = data;
    for index in 0..blocks.short + blocks.long {
        let len = blocks.data + usize::from(index >= blocks.short);
        let (block, tail) = rest.split_at(len);
        split.push((block, remainder(block, &generator)));
        rest = tail;
    }
    let mut out = Vec::with_capacity(data.len() + split.len() * blocks.ec);
    for column in 0..=blocks.data {
        out.extend(split.iter().filter_map(|(block, _)| block.get(column)));
    }
    for column in 0..blocks.ec {
        out.extend(split.iter().map(|(_, ec)| ec[column]));
    }
    out
}

/// Multiplication in GF(256) with the QR code's polynomial x⁸+x⁴+x³+x²+1.
fn gf_multiply(mut a: u8, mut b: u8) -> u8 {
    let mut product = 0u8;
    while b != 0 {
        if b & 1 == 1 {
            product ^= a;
        }
        let carry = a & 0x80 != 0;
        a <<= 1;
        if carry {
            a ^= 0x1D;
        }
        b >>= 1;
    }
    product
}

/// (x − α⁰)(x − α¹)…(x − α^(degree−1)), its coefficients after the leading 1.
fn generator_polynomial(degree: usize) -> Vec<u8> {
    let mut coefficients = vec![0u8; degree];
    coefficients[degree - 1] = 1;
    let mut root = 1u8;
    for _ in 0..degree {
        for index in 0..degree {
            coefficients[index] = gf_multiply(coefficients[index], root);
            if let Some(&next) = coefficients.get(index + 1) {
                coefficients[index] ^= next;
            }
        }
        root = gf_multiply(root, 2);
    }
    coefficients
}

/// The block's error correction codewords: the remainder of its polynomial,
/// shifted by the generator's degree, divided by the generator.
fn remainder(block: &[u8], generator: &[u8]) -> Vec<u8> {
    let mut rest = vec![0u8; generator.len()];
    for &byte in block {
        let factor = byte ^ rest.remove(0);
        rest.push(0);
        for (value, &coefficient) in rest.iter_mut().zip(generator) {
            *value ^= gf_multiply(coefficient, factor);
        }
    }
    rest
}

/// A symbol being drawn: its modules, and which of them are function patterns
/// (neither data nor masked).
#[derive(Clone)]
struct Symbol {
    version: u8,
    width: usize,
    dark: Vec<bool>,
    function: Vec<bool>,
}

impl Symbol {
    fn new(version: u8) -> Symbol {
        let width = 17 + 4 * usize::from(version);
        Symbol {
            version,
            width,
            dark: vec![false; width * width],
            function: vec![false; width * width],
        }
    }

    fn set_function(&mut self, row: usize, column: usize, dark: bool) {
        let index = row * self.width + column;
        self.dark[index] = dark;
        self.function[index] = true;
    }

    fn draw_function_patterns(&mut self) {
        let width = self.width;
        for index in 0..width {
            self.set_function(6, index, index % 2 == 0);
            self.set_function(index, 6, index % 2 == 0);
        }
        for (row, column) in [(3, 3), (3, width - 4), (width - 4, 3)] {
            self.draw_finder(row, column);
        }
        let centres = alignment_centres(self.version);
        for &row in &centres {
            for &column in &centres {
                // The three corners already hold a finder pattern.
                let on_a_finder = (row == 6 || row == width - 7)
                    && (column == 6 || column == width - 7)
                    && !(row == width - 7 && column == width - 7);
                if !on_a_finder {
                    self.draw_alignment(row, column);
                }
            }
        }
        // Reserved now, written once the mask is known.
        self.draw_format(0);
        self.draw_version();
    }

    /// A finder pattern centred on (`row`, `column`), with its light separator.
    fn draw_finder(&mut self, row: usize, column: usize) {
        for dy in -4i32..=4 {
            for dx in -4i32..=4 {
                let (Some(y), Some(x)) = (
                    row.checked_add_signed(dy as isize),
                    column.checked_add_signed(dx as isize),
                ) else {
                    continue;
                };
                if y < self.width && x < self.width {
                    let ring = dx.abs().max(dy.abs());
                    self.set_function(y, x, ring != 2 && ring != 4);
                }
            }
        }
    }

    fn draw_alignment(&mut self, row: usize, column: usize) {
        for dy in 0..5usize {
            for dx in 0..5usize {
                let ring = dx.abs_diff(2).max(dy.abs_diff(2));
                self.set_function(row + dy - 2, column + dx - 2, ring != 1);
            }
        }
    }

    /// The 15 format bits (level M, `mask`) beside the finders, and the
    /// module that is always dark.
    fn draw_format(&mut self, mask: u8) {
        let bits = format_bits(mask);
        let bit = |index: usize| (bits >> index) & 1 == 1;
        let width = self.width;
        for index in 0..6 {
            self.set_function(index, 8, bit(index));
        }
        self.set_function(7, 8, bit(6));
        self.set_function(8, 8, bit(7));
        self.set_function(8, 7, bit(8));
        for index in 9..15 {
            self.set_function(8, 14 - index, bit(index));
        }
        for index in 0..8 {
            self.set_function(8, width - 1 - index, bit(index));
        }
        for index in 8..15 {
            self.set_function(width - 15 + index, 8, bit(index));
        }
        self.set_function(width - 8, 8, true);
    }

    /// The 18 version bits of versions 7 and up, by two corners.
    fn draw_version(&mut self) {
        if self.version < 7 {
            return;
        }
        let bits = bch(u32::from(self.version), 0x1F25, 12);
        for index in 0..18 {
            let dark = (bits >> index) & 1 == 1;
            let (near, far) = (index / 3, self.width - 11 + index % 3);
            self.set_function(far, near, dark);
            self.set_function(near, far, dark);
        }
    }

    /// Fills the data modules in the standard's zigzag: pairs of columns from
    /// the right, upwards then downwards, skipping the vertical timing pattern.
    /// Modules left over after the last codeword are the remainder bits: light.
    fn place(&mut self, codewords: &[u8]) {
        let width = self.width;
        let mut bit = 0usize;
        let mut right = width - 1;
        loop {
            let upwards = ((width - 1 - right) / 2) % 2 == 0;
            for step in 0..width {
                let row = if upwards { width - 1 - step } else { step };
                for column in [right, right - 1] {
                    let index = row * width + column;
                    if self.function[index] {
                        continue;
                    }
                    let value = codewords
                        .get(bit / 8)
                        .is_some_and(|byte| (byte >> (7 - bit % 8)) & 1 == 1);
                    self.dark[index] = value;
                    bit += 1;
                }
            }
            if right < 3 {
                break;
            }
            right -= 2;
            if right == 6 {
                right = 5;
            }
        }
    }

    fn apply_mask(&mut self, mask: u8) {
        for row in 0..self.width {
            for column in 0..self.width {
                let index = row * self.width + column;
                if !self.function[index] && masked(mask, row, column) {
                    self.dark[index] = !self.dark[index];
                }
            }
        }
        self.draw_format(mask);
    }

    /// The standard's four penalty rules: runs of five or more, 2×2 blocks,
    /// finder-like patterns, and the distance from half dark.
    fn penalty(&self) -> usize {
        let width = self.width;
        let at = |row: usize, column: usize| self.dark[row * width + column];
        let mut score = 0;
        for line in 0..width {
            let row: Vec<bool> = (0..width).map(|column| at(line, column)).collect();
            let column: Vec<bool> = (0..width).map(|row| at(row, line)).collect();
            score += line_penalty(&row) + line_penalty(&column);
        }
        for row in 0..width - 1 {
            for column in 0..width - 1 {
                let colour = at(row, column);
                if at(row, column + 1) == colour
                    && at(row + 1, column) == colour
                    && at(row + 1, column + 1) == colour
                {
                    score += 3;
                }
            }
        }
        let dark = self.dark.iter().filter(|&&dark| dark).count();
        let total = width * width;
        // How many whole 5% steps the dark share is from 50%.
        let steps = (dark * 20).abs_diff(total * 10) / total;
        score + 10 * steps
    }
}

/// Rules 1 and 3 along one row or column: 3 + (n − 5) for every run of n ≥ 5
/// modules of one colour, and 40 for every dark-light-dark-dark-dark-light-dark
/// with four light modules on one side (the edge of the symbol counts as light).
fn line_penalty(line: &[bool]) -> usize {
    let mut score = 0;
    let mut run = 0;
    for (index, &dark) in line.iter().enumerate() {
        if index > 0 && line[index - 1] == dark {
            run += 1;
        } else {
            run = 1;
        }
        if run == 5 {
            score += 3;
        } else if run > 5 {
            score += 1;
        }
    }
    const FINDER: [bool; 7] = [true, false, true, true, true, false, true];
    let light = |index: isize| {
        usize::try_from(index)
            .ok()
            .and_then(|index| line.get(index))
            .is_none_or(|&dark| !dark)
    };
    for start in 0..line.len().saturating_sub(6) {
        if line[start..start + 7] != FINDER {
            continue;
        }
        let start = start as isize;
        let before = (start - 4..start).all(light);
        let after = (start + 7..start + 11).all(light);
        if before || after {
            score += 40;
        }
    }
    score
}

fn masked(mask: u8, row: usize, column: usize) -> bool {
    let (i, j) = (row, column);
    match mask {
        0 => (i + j) % 2 == 0,
        1 => i % 2 == 0,
        2 => j % 3 == 0,
        3 => (i + j) % 3 == 0,
        4 => (i / 2 + j / 3) % 2 == 0,
        5 => (i * j) % 2 + (i * j) % 3 == 0,
        6 => ((i * j) % 2 + (i * j) % 3) % 2 == 0,
        _ => ((i + j) % 2 + (i * j) % 3) % 2 == 0,
    }
}

/// Level M is `00`; the five bits get a BCH(15,5) code and the fixed mask.
fn format_bits(mask: u8) -> u32 {
    bch(u32::from(mask), 0x537, 10) ^ 0x5412
}

/// `data` followed by the remainder of `data · x^degree` divided by
/// `generator`, a polynomial of that degree.
fn bch(data: u32, generator: u32, degree: u32) -> u32 {
    let mut rest = data << degree;
    for shift in (0..=31 - degree).rev() {
        if rest & (1 << (shift + degree)) != 0 {
            rest ^= generator << shift;
        }
    }
    (data << degree) | rest
}

/// The rows (and columns) of a version's alignment pattern centres: 6, then
/// evenly spaced up to `width − 7`, with an even step the standard rounds up
/// (version 32 is the exception).
fn alignment_centres(version: u8) -> Vec<usize> {
    if version == 1 {
        return Vec::new();
    }
    let version = usize::from(version);
    let count = version / 7 + 2;
    let last = 4 * version + 10;
    let step = if version == 32 {
        26
    } else {
        (version * 4 + count * 2 + 1) / (count * 2 - 2) * 2
    };
    let mut centres: Vec<usize> = (0..count - 1).map(|index| last - index * step).collect();
    centres.push(6);
    centres.reverse();
    centres
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_generator_polynomial_matches_the_standard() {
        // Annex A: the generator of degree 7 is
        // x⁷ + α⁸⁷x⁶ + α²²⁹x⁵ + α¹⁴⁶x⁴ + α¹⁴⁹x³ + α²³⁸x² + α¹⁰²x + α²¹.
        assert_eq!(generator_polynomial(7), [127, 122, 154, 164, 11, 68, 117]);
    }

    #[test]
    fn format_and_version_bits_match_the_standard() {
        // Level M with mask 0, and version 7's bits, from the standard's annexes.
        assert_eq!(format_bits(0), 0b101_0100_0001_0010);
        assert_eq!(bch(7, 0x1F25, 12), 0b00_0111_1100_1001_0100);
    }

    #[test]
    fn alignment_centres_match_the_standard() {
        assert_eq!(alignment_centres(2), [6, 18]);
        assert_eq!(alignment_centres(7), [6, 22, 38]);
        assert_eq!(alignment_centres(32), [6, 34, 60, 86, 112, 138]);
        assert_eq!(alignment_centres(36), [6, 24, 50, 76, 102, 128, 154]);
        assert_eq!(alignment_centres(40), [6, 30, 58, 86, 114, 142, 170]);
    }

    #[test]
    fn a_text_takes_the_smallest_version_it_fits() {
        // Version 1 at level M holds 14 bytes; version 2, 26; version 40, 2,331.
        assert_eq!(encode(&"a".repeat(14)).map(|code| code.width), Some(21));
        assert_eq!(encode(&"a".repeat(15)).map(|code| code.width), Some(25));
        assert_eq!(encode(&"a".repeat(2331)).map(|code| code.width), Some(177));
        assert_eq!(encode(&"a".repeat(2332)), None);
    }

    #[test]
    fn the_finder_penalty_counts_light_margins_and_the_edge() {
        let line = |pattern: &str| pattern.chars().map(|c| c == '#').collect::<Vec<_>>();
        assert_eq!(line_penalty(&line("....#.###.#")), 40);
        assert_eq!(line_penalty(&line("#.###.#")), 40);
        assert_eq!(line_penalty(&line("#...#.###.#...#")), 0);
        // A run of seven costs 3 + 2.
        assert_eq!(line_penalty(&line("#######")), 5);
    }
}
