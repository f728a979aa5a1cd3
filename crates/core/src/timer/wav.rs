//! The cue tones, made here: a short pattern of notes per kind of cue, as a 16-bit PCM WAV that
//! any system player takes. Pure (no files, no clock): the shell writes the bytes once to the
//! cache directory and hands the path to the player.
//!
//! A WAV header is 44 bytes of fixed fields, written here rather than through a crate.

use crate::timer::cues::Pattern;

pub const RATE: u32 = 22_050;
/// The loudest sample, as a fraction of full scale: about −0.9 dBFS, loud without clipping.
pub const PEAK: f64 = 0.9;
/// Each note fades in and out over this long, so it starts and stops without a click.
const FADE_SECS: f64 = 0.008;

/// A note: frequency (Hz), how long it sounds, then the silence after it (seconds).
type Note = (f64, f64, f64);

/// The notes of each pattern. Hot rises, cold falls in three quick steps, rest is two even
/// notes, the warning one long note, done a rising run that ends long, the alarm a siren.
/// Each is at least 0.4 s long; high notes (0.6–1.8 kHz) carry over running water.
pub fn notes(pattern: Pattern) -> &'static [Note] {
    match pattern {
        Pattern::Hot => &[
            (659.0, 0.15, 0.04),
            (880.0, 0.15, 0.04),
            (1109.0, 0.28, 0.0),
        ],
        Pattern::Cold => &[
            (1568.0, 0.11, 0.05),
            (1319.0, 0.11, 0.05),
            (1047.0, 0.18, 0.0),
        ],
        Pattern::Rest => &[(784.0, 0.2, 0.1), (784.0, 0.2, 0.0)],
        Pattern::Warning => &[(988.0, 0.42, 0.0)],
        Pattern::Done => &[
            (784.0, 0.13, 0.03),
            (988.0, 0.13, 0.03),
            (1175.0, 0.13, 0.03),
            (1568.0, 0.4, 0.0),
        ],
        Pattern::Alarm => &[
            (1760.0, 0.12, 0.0),
            (1319.0, 0.12, 0.0),
            (1760.0, 0.12, 0.0),
            (1319.0, 0.12, 0.0),
            (1760.0, 0.12, 0.0),
            (1319.0, 0.12, 0.0),
        ],
    }
}

/// How long the pattern sounds.
pub fn duration(pattern: Pattern) -> std::time::Duration {
    let secs: f64 = notes(pattern).iter().map(|(_, s, gap)| s + gap).sum();
    std::time::Duration::from_secs_f64(secs)
}

/// The pattern's samples at `RATE`, peaking at `PEAK` of full scale.
pub fn samples(pattern: Pattern) -> Vec<i16> {
    let mut wave: Vec<f64> = Vec::new();
    for &(freq, secs, gap) in notes(pattern) {
        let n = (secs * f64::from(RATE)) as usize;
        let fade = (FADE_SECS * f64::from(RATE)) as usize;
        for i in 0..n {
            let t = i as f64 / f64::from(RATE);
            let phase = std::f64::consts::TAU * freq * t;
            // Odd harmonics: brighter than a sine, so louder at the same peak.
            let v = phase.sin() + (3.0 * phase).sin() / 3.0 + (5.0 * phase).sin() / 5.0;
            let envelope = (i.min(n - 1 - i) as f64 / fade as f64).min(1.0);
            wave.push(v * envelope);
        }
        wave.extend(std::iter::repeat_n(0.0, (gap * f64::from(RATE)) as usize));
    }
    let max = wave.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    let scale = if max > 0.0 {
        PEAK * f64::from(i16::MAX) / max
    } else {
        0.0
    };
    wave.iter().map(|v| (v * scale).round() as i16).collect()
}

/// The pattern as a mono 16-bit PCM WAV file.
pub fn wav(pattern: Pattern) -> Vec<u8> {
    let data: Vec<u8> = samples(pattern)
        .iter()
        .flat_map(|s| s.to_le_bytes())
        .collect();
    let mut out = Vec::with_capacity(44 + data.len());
    out.extend_from_slice(b"RIFF");
    out.extend_from_slice(&(36 + data.len() as u32).to_le_bytes());
    out.extend_from_slice(b"WAVEfmt ");
    out.extend_from_slice(&16u32.to_le_bytes());
    out.extend_from_slice(&1u16.to_le_bytes()); // PCM
    out.extend_from_slice(&1u16.to_le_bytes()); // mono
    out.extend_from_slice(&RATE.to_le_bytes());
    out.extend_from_slice(&(RATE * 2).to_le_bytes()); // bytes per second
    out.extend_from_slice(&2u16.to_le_bytes()); // bytes per frame
    out.extend_from_slice(&16u16.to_le_bytes()); // bits per sample
    out.extend_from_slice(b"data");
    out.extend_from_slice(&(data.len() as u32).to_le_bytes());
    out.extend_from_slice(&data);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [Pattern; 6] = [
        Pattern::Hot,
        Pattern::Cold,
        Pattern::Rest,
        Pattern::Warning,
        Pattern::Done,
        Pattern::Alarm,
    ];

    /// Frequency of a stretch of samples, from its upward zero crossings (the odd harmonics
    /// cross zero once per period too).
    fn pitch(s: &[i16]) -> f64 {
        let ups = s.windows(2).filter(|w| w[0] < 0 && w[1] >= 0).count();
        ups as f64 * f64::from(RATE) / s.len() as f64
    }

    #[test]
    fn every_pattern_is_long_enough_loud_and_never_clips() {
        for p in ALL {
            let s = samples(p);
            let secs = s.len() as f64 / f64::from(RATE);
            assert!(secs >= 0.4, "{p:?}: {secs} s");
            assert!(secs <= 1.0, "{p:?}: {secs} s, a cue is short");
            let peak = s.iter().map(|v| i32::from(*v).abs()).max().unwrap();
            let full = f64::from(i16::MAX);
            let dbfs = 20.0 * (f64::from(peak) / full).log10();
            assert!((-1.5..-0.5).contains(&dbfs), "{p:?}: peak {dbfs:.2} dBFS");
            assert!(
                s.iter().all(|v| *v != i16::MAX && *v != i16::MIN),
                "{p:?} clips"
            );
            // Starts and ends in silence (faded), no click.
            assert!(s[0].abs() < 100 && s[s.len() - 1].abs() < 400, "{p:?}");
        }
    }

    #[test]
    fn the_header_says_16_bit_mono_pcm_and_the_length() {
        for p in ALL {
            let w = wav(p);
            let n = samples(p).len();
            assert_eq!(&w[0..4], b"RIFF");
            assert_eq!(&w[8..16], b"WAVEfmt ");
            assert_eq!(u16::from_le_bytes([w[20], w[21]]), 1, "PCM");
            assert_eq!(u16::from_le_bytes([w[22], w[23]]), 1, "mono");
            assert_eq!(u32::from_le_bytes(w[24..28].try_into().unwrap()), RATE);
            assert_eq!(u16::from_le_bytes([w[34], w[35]]), 16, "bits");
            assert_eq!(&w[36..40], b"data");
            assert_eq!(
                u32::from_le_bytes(w[40..44].try_into().unwrap()) as usize,
                n * 2
            );
            assert_eq!(w.len(), 44 + n * 2);
        }
    }

    #[test]
    fn the_patterns_differ_hot_rises_and_cold_falls() {
        let all: Vec<Vec<i16>> = ALL.iter().map(|p| samples(*p)).collect();
        for (i, a) in all.iter().enumerate() {
            for b in &all[i + 1..] {
                assert_ne!(a, b);
            }
        }
        let notes = |p: Pattern| {
            let s = samples(p);
            let tenth = s.len() / 10;
            (pitch(&s[..tenth]), pitch(&s[s.len() - tenth..]))
        };
        let (first, last) = notes(Pattern::Hot);
        assert!(last > first * 1.4, "hot rises: {first:.0} → {last:.0} Hz");
        let (first, last) = notes(Pattern::Cold);
        assert!(first > last * 1.4, "cold falls: {first:.0} → {last:.0} Hz");
        // Cold is three notes with silence between: three bursts.
        let s = samples(Pattern::Cold);
        let bursts = s
            .chunks(RATE as usize / 100)
            .map(|c| c.iter().any(|v| v.abs() > 1000))
            .collect::<Vec<_>>()
            .windows(2)
            .filter(|w| !w[0] && w[1])
            .count()
            + 1;
        assert_eq!(bursts, 3);
    }
}
