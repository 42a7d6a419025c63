//! LEB128 varints: how the index's in-memory posting buffers store their numbers.

use smallvec::{Array, SmallVec};

/// Appends `value`, seven bits a byte, low bits first.
pub(super) fn push_varint<A: Array<Item = u8>>(out: &mut SmallVec<A>, mut value: u64) {
    while value >= 0x80 {
        out.push(value as u8 | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// Reads back what `push_varint` wrote.
pub(super) struct Varints<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Varints<'a> {
    pub(super) fn new(bytes: &'a [u8]) -> Self {
        Varints { bytes, at: 0 }
    }

    pub(super) fn is_done(&self) -> bool {
        self.at >= self.bytes.len()
    }

    /// The next number (0 past the end).
    pub(super) fn next(&mut self) -> u64 {
        let mut value = 0;
        let mut shift = 0;
        while let Some(&byte) = self.bytes.get(self.at) {
            self.at += 1;
            value |= u64::from(byte & 0x7f) << shift;
            if byte < 0x80 {
                break;
            }
            shift += 7;
        }
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_round_trip() {
        let mut out: SmallVec<[u8; 16]> = SmallVec::new();
        let values = [0, 1, 127, 128, 300, u64::from(u32::MAX), u64::MAX];
        for &v in &values {
            push_varint(&mut out, v);
        }
        let mut varints = Varints::new(&out);
        let back: Vec<u64> = values.iter().map(|_| varints.next()).collect();
        assert_eq!(back, values);
        assert!(varints.is_done());
    }
}
