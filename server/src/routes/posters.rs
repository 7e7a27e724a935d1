//! `/api/v1/posters`: rendered posters for browsers that cannot long-press a
//! `data:` image (some Android WeChat builds), uploaded and served back by URL.

use axum::Json;
use axum::extract::{Path, Request, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, X_CONTENT_TYPE_OPTIONS};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use campaign_core::config::Locale;
use campaign_core::wire::{ErrorCode, PosterUploaded, Refusal};

use crate::error::ApiError;
use crate::extract::{Client, readable_body};
use crate::store::posters::PosterStored;
use crate::{AppState, random_hex};

/// Largest poster upload.
pub const MAX_POSTER_BYTES: usize = 2 * 1024 * 1024;
/// Longest side of an uploaded poster, in pixels.
const MAX_POSTER_SIDE: u32 = 8192;

/// `POST /api/v1/posters` (`image/png`, up to 2 MB): `{"url"}`, `201` when new,
/// `200` when the same image came from this address before.
pub async fn upload(
    State(state): State<AppState>,
    client: Client,
    headers: HeaderMap,
    request: Request,
) -> Result<Response, ApiError> {
    let locale = state.campaign.locale;
    let is_png = headers
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .is_some_and(|mime| mime.trim().eq_ignore_ascii_case("image/png"));
    if !is_png {
        return Err(ApiError::refusal(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            &Refusal::PosterNotPng,
            locale,
        ));
    }
    let png = readable_body(request, &state).await.map_err(|err| {
        if err.code == ErrorCode::TooLarge {
            ApiError::refusal(
                StatusCode::PAYLOAD_TOO_LARGE,
                &Refusal::PosterTooLarge,
                locale,
            )
        } else {
            err
        }
    })?;
    let (width, height) = png_size(&png).map_err(|problem| {
        let refusal = Refusal::PosterUnreadable { problem };
        ApiError::refusal(StatusCode::UNPROCESSABLE_ENTITY, &refusal, locale)
    })?;
    let id = random_hex::<16>().map_err(ApiError::internal)?;
    let stored = state
        .store
        .insert_poster(
            id,
            png.to_vec(),
            (width, height),
            client.address_key(),
            state.now(),
        )
        .await
        .map_err(ApiError::internal)?;
    let (status, id) = match stored {
        PosterStored::New(id) => (StatusCode::CREATED, id),
        PosterStored::Existing(id) => (StatusCode::OK, id),
        PosterStored::OverQuota(retry_after) => {
            return Err(ApiError::too_many_requests(
                retry_after,
                Refusal::PosterUploadsTooFrequent.message(locale),
            ));
        }
    };
    let url = format!("/api/v1/posters/{id}.png");
    Ok((status, Json(PosterUploaded { url })).into_response())
}

/// `GET /api/v1/posters/{id}.png`: the poster, cacheable for good.
pub async fn get(
    State(state): State<AppState>,
    _: Client,
    Path(file): Path<String>,
) -> Result<Response, ApiError> {
    let not_found = || poster_not_found(state.campaign.locale);
    let id = file
        .strip_suffix(".png")
        .filter(|id| id.len() == 32 && id.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')))
        .ok_or_else(not_found)?;
    let png = state
        .store
        .poster(id.to_owned())
        .await
        .map_err(ApiError::internal)?
        .ok_or_else(not_found)?;
    Ok((
        [
            (CONTENT_TYPE, "image/png"),
            (CACHE_CONTROL, "public, max-age=31536000, immutable"),
            (X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        png,
    )
        .into_response())
}

fn poster_not_found(locale: Locale) -> ApiError {
    ApiError::refusal(StatusCode::NOT_FOUND, &Refusal::PosterNotFound, locale)
}

/// The size of a whole, well-formed PNG image a poster could be: the `png`
/// crate reads every chunk (checking each CRC and inflating the image data),
/// and nothing may follow the final `IEND` chunk, so no other file can hide
/// behind a PNG's first bytes.
pub fn png_size(png: &[u8]) -> Result<(u32, u32), String> {
    let mut decoder = png::StreamingDecoder::new();
    let mut image_data = Vec::new();
    let mut size = None;
    let mut has_data = false;
    let mut offset = 0;
    // The decoder moves between states without input now and then; a run of
    // such steps that never ends would be a decoder bug, not a PNG.
    let mut idle_steps = 0;
    while offset < png.len() && idle_steps < 64 {
        let (consumed, decoded) = decoder
            .update(&png[offset..], &mut image_data)
            .map_err(|err| err.to_string())?;
        offset += consumed;
        idle_steps = if consumed == 0 { idle_steps + 1 } else { 0 };
        // The pixels are not needed: only that they inflate.
        image_data.clear();
        match decoded {
            png::Decoded::Header(width, height, ..) => size = Some((width, height)),
            png::Decoded::ImageData | png::Decoded::ImageDataFlushed => has_data = true,
            png::Decoded::ImageEnd => {
                if offset != png.len() {
                    return Err("data follows its IEND chunk".to_owned());
                }
                let (width, height) = size.ok_or("it has no IHDR chunk")?;
                if !has_data {
                    return Err("it has no image data".to_owned());
                }
                let fits = (1..=MAX_POSTER_SIDE).contains(&width)
                    && (1..=MAX_POSTER_SIDE).contains(&height)
                    && u64::from(width) * u64::from(height)
                        <= campaign_core::poster::MAX_CANVAS_PIXELS;
                if !fits {
                    return Err("its size is beyond any poster's".to_owned());
                }
                return Ok((width, height));
            }
            _ => {}
        }
    }
    Err("it ends before its IEND chunk".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let mut out = Vec::new();
        let mut encoder = png::Encoder::new(&mut out, width, height);
        encoder.set_color(png::ColorType::Grayscale);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().unwrap();
        let pixels = vec![0u8; usize::try_from(width * height).unwrap()];
        writer.write_image_data(&pixels).unwrap();
        writer.finish().unwrap();
        out
    }

    #[test]
    fn reads_the_size_of_a_well_formed_png() {
        assert_eq!(png_size(&png(750, 1334)), Ok((750, 1334)));
    }

    #[test]
    fn refuses_what_is_not_a_whole_png() {
        let good = png(2, 3);
        assert!(png_size(b"GIF89a").is_err());
        assert!(png_size(&good[..good.len() - 1]).is_err(), "truncated");
        let mut trailing = good.clone();
        trailing.extend_from_slice(b"<script>");
        assert!(png_size(&trailing).is_err(), "data after IEND");
        assert!(png_size(&png(5000, 5000)).is_err(), "beyond any canvas");
        let mut corrupt = good.clone();
        corrupt[20] ^= 0xff;
        assert!(
            png_size(&corrupt).is_err(),
            "a chunk whose CRC does not match"
        );
        let mut huge_chunk = good.clone();
        huge_chunk[33..37].copy_from_slice(&u32::MAX.to_be_bytes());
        assert!(png_size(&huge_chunk).is_err(), "chunk longer than the file");
    }
}
