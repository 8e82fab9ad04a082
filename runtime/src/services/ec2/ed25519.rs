//! Ed25519 public keys from their 32-byte private seeds (RFC 8032, section 5.1.5), for
//! the key pairs CreateKeyPair makes. Nothing is ever signed here, so the arithmetic is
//! plain big-number arithmetic modulo 2^255 - 19, not constant-time.

use num_bigint::BigUint;
use sha2::{Digest as _, Sha512};

/// The curve's parameters and base point, as decimal numbers (RFC 8032, section 5.1).
const PRIME_EXPONENT: usize = 255;
const D: &[u8] = b"37095705934669439343138083508754565189542113879843219016388785533085940283555";
const BASE_X: &[u8] =
    b"15112221349535400772501151409588531511454012693041857206046113283949847762202";
const BASE_Y: &[u8] =
    b"46316835694926478169428394003475163141307993866256225615783033603165251855960";

/// A point in extended coordinates (X:Y:Z:T), x = X/Z, y = Y/Z, xy = T/Z.
#[derive(Clone)]
struct Point {
    x: BigUint,
    y: BigUint,
    z: BigUint,
    t: BigUint,
}

/// The field and curve constants.
struct Curve {
    p: BigUint,
    two_d: BigUint,
}

impl Curve {
    fn new() -> Curve {
        let p = (BigUint::from(1u32) << PRIME_EXPONENT) - 19u32;
        let d = decimal(D);
        Curve {
            two_d: (d * 2u32) % &p,
            p,
        }
    }

    fn sub(&self, a: &BigUint, b: &BigUint) -> BigUint {
        (a + &self.p - b) % &self.p
    }

    fn mul(&self, a: &BigUint, b: &BigUint) -> BigUint {
        (a * b) % &self.p
    }

    /// P + Q (add-2008-hwcd-3; also doubles).
    fn add(&self, left: &Point, right: &Point) -> Point {
        let a = self.mul(&self.sub(&left.y, &left.x), &self.sub(&right.y, &right.x));
        let b = self.mul(&(&left.y + &left.x), &(&right.y + &right.x));
        let c = self.mul(&self.mul(&left.t, &self.two_d), &right.t);
        let d = self.mul(&(&left.z * 2u32), &right.z);
        let (e, f, g, h) = (
            self.sub(&b, &a),
            self.sub(&d, &c),
            (&d + &c) % &self.p,
            (&b + &a) % &self.p,
        );
        Point {
            x: self.mul(&e, &f),
            y: self.mul(&g, &h),
            t: self.mul(&e, &h),
            z: self.mul(&f, &g),
        }
    }

    /// scalar·P, by double-and-add from the top bit.
    fn multiply(&self, scalar: &BigUint, point: &Point) -> Point {
        let mut result = Point {
            x: BigUint::from(0u32),
            y: BigUint::from(1u32),
            z: BigUint::from(1u32),
            t: BigUint::from(0u32),
        };
        for bit in (0..scalar.bits()).rev() {
            result = self.add(&result, &result);
            if scalar.bit(bit) {
                result = self.add(&result, point);
            }
        }
        result
    }

    /// The 32-byte encoding: y little-endian, the sign of x in the top bit.
    fn encode(&self, point: &Point) -> [u8; 32] {
        let inverse = point.z.modpow(&(&self.p - 2u32), &self.p);
        let x = self.mul(&point.x, &inverse);
        let y = self.mul(&point.y, &inverse);
        let mut bytes = [0u8; 32];
        for (slot, byte) in bytes.iter_mut().zip(y.to_bytes_le()) {
            *slot = byte;
        }
        if x.bit(0) {
            bytes[31] |= 0x80;
        }
        bytes
    }
}

fn decimal(digits: &[u8]) -> BigUint {
    BigUint::parse_bytes(digits, 10).unwrap_or_default()
}

/// The public key of the private key `seed`.
pub(super) fn public_key(seed: &[u8; 32]) -> [u8; 32] {
    let curve = Curve::new();
    let hash = Sha512::digest(seed);
    let mut scalar = [0u8; 32];
    scalar.copy_from_slice(&hash[..32]);
    // Clamped, as RFC 8032 prunes the buffer.
    scalar[0] &= 248;
    scalar[31] &= 127;
    scalar[31] |= 64;
    let (x, y) = (decimal(BASE_X), decimal(BASE_Y));
    let base = Point {
        t: curve.mul(&x, &y),
        x,
        y,
        z: BigUint::from(1u32),
    };
    curve.encode(&curve.multiply(&BigUint::from_bytes_le(&scalar), &base))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bytes(hex: &str) -> [u8; 32] {
        let mut out = [0u8; 32];
        for (index, slot) in out.iter_mut().enumerate() {
            *slot = u8::from_str_radix(&hex[index * 2..index * 2 + 2], 16).unwrap();
        }
        out
    }

    #[test]
    fn rfc_8032_test_vectors() {
        for (secret, public) in [
            (
                "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
                "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
            ),
            (
                "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
                "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
            ),
            (
                "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
                "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
            ),
        ] {
            assert_eq!(public_key(&bytes(secret)), bytes(public), "{secret}");
        }
    }
}
