//! RSA keys as EC2's CreateKeyPair makes them (2048 bits, public exponent 65537) from a
//! seeded generator, and the DER structures AWS writes and fingerprints them in.
//!
//! Finding the primes is nearly all the work: candidates are sieved by small primes, then
//! tested with Miller-Rabin using a Montgomery exponentiation over 64-bit limbs (fast
//! enough unoptimised, where a general big-number exponentiation is ten times slower).
//! The key itself is assembled with `num-bigint`.

use num_bigint::BigUint;
use rand_chacha::ChaCha20Rng;
use rand_chacha::rand_core::Rng;

/// The size of the keys made, as AWS makes them.
const MODULUS_BITS: usize = 2048;
/// The public exponent every RSA key here has.
const PUBLIC_EXPONENT: u32 = 65_537;
/// Miller-Rabin rounds with random bases after base 2: with base 2, five rounds give an
/// error below 2^-100 for 1024-bit primes (FIPS 186-4, table C.3).
const RANDOM_ROUNDS: usize = 4;
/// Primes below this sieve candidates before any exponentiation.
const SIEVE_LIMIT: u32 = 1 << 14;

/// The object identifier of rsaEncryption (1.2.840.113549.1.1.1), DER-encoded.
const RSA_ENCRYPTION_OID: [u8; 11] = [
    0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01,
];

/// An RSA private key with its CRT values.
#[derive(Debug, Clone)]
pub(super) struct RsaKey {
    pub(super) n: BigUint,
    pub(super) e: BigUint,
    d: BigUint,
    p: BigUint,
    q: BigUint,
    dp: BigUint,
    dq: BigUint,
    qinv: BigUint,
}

impl RsaKey {
    /// A new 2048-bit key, every bit of it from `rng`.
    pub(super) fn generate(rng: &mut ChaCha20Rng) -> RsaKey {
        let sieve = small_primes();
        loop {
            let p = random_prime(rng, &sieve, MODULUS_BITS / 2);
            let q = random_prime(rng, &sieve, MODULUS_BITS / 2);
            if let Some(key) = RsaKey::from_primes(p, q) {
                return key;
            }
        }
    }

    /// The key of two distinct primes, larger first; `None` when 65537 has no inverse.
    fn from_primes(p: BigUint, q: BigUint) -> Option<RsaKey> {
        let (p, q) = match p.cmp(&q) {
            std::cmp::Ordering::Greater => (p, q),
            std::cmp::Ordering::Less => (q, p),
            std::cmp::Ordering::Equal => return None,
        };
        let one = BigUint::from(1u32);
        let e = BigUint::from(PUBLIC_EXPONENT);
        let (p1, q1) = (&p - &one, &q - &one);
        let d = e.modinv(&(&p1 * &q1))?;
        let qinv = q.modinv(&p)?;
        Some(RsaKey {
            n: &p * &q,
            dp: &d % &p1,
            dq: &d % &q1,
            e,
            d,
            p,
            q,
            qinv,
        })
    }

    /// The private key as PKCS#1 `RSAPrivateKey` DER, what an "RSA PRIVATE KEY" PEM
    /// holds.
    pub(super) fn pkcs1_der(&self) -> Vec<u8> {
        let mut fields = der_integer(&BigUint::from(0u32));
        for value in [
            &self.n, &self.e, &self.d, &self.p, &self.q, &self.dp, &self.dq, &self.qinv,
        ] {
            fields.extend(der_integer(value));
        }
        der(0x30, &fields)
    }

    /// The private key as PKCS#8 `PrivateKeyInfo` DER, whose SHA-1 is the fingerprint AWS
    /// gives the keys it makes.
    pub(super) fn pkcs8_der(&self) -> Vec<u8> {
        let mut fields = der_integer(&BigUint::from(0u32));
        fields.extend(algorithm_identifier());
        fields.extend(der(0x04, &self.pkcs1_der()));
        der(0x30, &fields)
    }
}

/// An RSA public key as `SubjectPublicKeyInfo` DER, whose MD5 is the fingerprint AWS
/// gives imported keys.
pub(super) fn spki_der(n: &BigUint, e: &BigUint) -> Vec<u8> {
    let mut public = der_integer(n);
    public.extend(der_integer(e));
    let mut bits = vec![0u8];
    bits.extend(der(0x30, &public));
    let mut fields = algorithm_identifier();
    fields.extend(der(0x03, &bits));
    der(0x30, &fields)
}

/// `SEQUENCE { rsaEncryption, NULL }`.
fn algorithm_identifier() -> Vec<u8> {
    let mut identifier = RSA_ENCRYPTION_OID.to_vec();
    identifier.extend([0x05, 0x00]);
    der(0x30, &identifier)
}

/// A DER element: tag, definite length, content.
fn der(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let length = content.len();
    if length < 0x80 {
        out.push(length as u8);
    } else {
        let bytes: Vec<u8> = length
            .to_be_bytes()
            .into_iter()
            .skip_while(|byte| *byte == 0)
            .collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend(bytes);
    }
    out.extend(content);
    out
}

/// A non-negative DER INTEGER: big-endian, with a leading zero when the top bit is set.
fn der_integer(value: &BigUint) -> Vec<u8> {
    let mut bytes = value.to_bytes_be();
    if bytes[0] & 0x80 != 0 {
        bytes.insert(0, 0);
    }
    der(0x02, &bytes)
}

/// The odd primes below [`SIEVE_LIMIT`], and 65537 (a prime p with p - 1 divisible by
/// the public exponent cannot be used).
fn small_primes() -> Vec<u32> {
    let mut primes: Vec<u32> = Vec::new();
    for candidate in (3..SIEVE_LIMIT).step_by(2) {
        if primes
            .iter()
            .take_while(|prime| **prime * **prime <= candidate)
            .all(|prime| candidate % prime != 0)
        {
            primes.push(candidate);
        }
    }
    primes
}

/// A random prime of exactly `bits` bits with its top two bits set (so the product of two
/// has twice the bits), found by searching upward from a random odd start.
fn random_prime(rng: &mut ChaCha20Rng, sieve: &[u32], bits: usize) -> BigUint {
    loop {
        let mut bytes = vec![0u8; bits / 8];
        rng.fill_bytes(&mut bytes);
        bytes[0] |= 0xc0;
        if let Some(last) = bytes.last_mut() {
            *last |= 1;
        }
        let start = BigUint::from_bytes_be(&bytes);
        let limbs = start.to_u64_digits();
        let residues: Vec<u32> = sieve.iter().map(|prime| residue(&limbs, *prime)).collect();
        let exponent_residue = residue(&limbs, PUBLIC_EXPONENT);
        // Up to 2^16 odd steps past the start; a new start if none is prime (or the
        // search would leave the bit length).
        for step in (0u32..1 << 17).step_by(2) {
            let divisible = sieve
                .iter()
                .zip(&residues)
                .any(|(prime, residue)| (residue + step % prime) % prime == 0);
            if divisible || (exponent_residue + step) % PUBLIC_EXPONENT == 1 {
                continue;
            }
            let candidate = &start + step;
            if candidate.bits() != bits as u64 {
                break;
            }
            if is_probable_prime(&candidate, rng) {
                return candidate;
            }
        }
    }
}

/// `value mod divisor` for little-endian limbs.
fn residue(limbs: &[u64], divisor: u32) -> u32 {
    let divisor = u128::from(divisor);
    let remainder = limbs.iter().rev().fold(0u128, |remainder, limb| {
        ((remainder << 64) | u128::from(*limb)) % divisor
    });
    remainder as u32
}

/// Miller-Rabin with base 2 and [`RANDOM_ROUNDS`] random bases. `n` is odd and large.
fn is_probable_prime(n: &BigUint, rng: &mut ChaCha20Rng) -> bool {
    let field = Montgomery::new(n);
    let one = BigUint::from(1u32);
    let n_minus_one = n - &one;
    let twos = n_minus_one.trailing_zeros().unwrap_or(0);
    let odd_part = &n_minus_one >> twos;
    let exponent = odd_part.to_u64_digits();
    let unity = field.to_montgomery(&one);
    let minus_one = field.to_montgomery(&n_minus_one);
    let mut bases = vec![BigUint::from(2u32)];
    for _ in 0..RANDOM_ROUNDS {
        let mut bytes = vec![0u8; n.to_bytes_be().len()];
        rng.fill_bytes(&mut bytes);
        // A base in [2, n - 2].
        bases.push(BigUint::from_bytes_be(&bytes) % (n - 3u32) + 2u32);
    }
    'bases: for base in bases {
        let mut x = field.pow(&field.to_montgomery(&base), &exponent);
        if x == unity || x == minus_one {
            continue;
        }
        for _ in 1..twos {
            x = field.mul(&x, &x);
            if x == minus_one {
                continue 'bases;
            }
            if x == unity {
                return false;
            }
        }
        return false;
    }
    true
}

/// The limbs of the numbers tested for primality: 1024 bits, half a 2048-bit modulus.
const LIMBS: usize = 16;

/// A number below 2^1024, little-endian limbs.
type Limbs = [u64; LIMBS];

/// Arithmetic modulo an odd number below 2^1024 in Montgomery form (x is held as x·R mod
/// m, R = 2^1024). Fixed-size arrays and plain operators keep it fast unoptimised.
struct Montgomery {
    modulus: Limbs,
    /// -m^-1 mod 2^64.
    inverse: u64,
    /// R² mod m, to enter Montgomery form.
    r_squared: Limbs,
}

impl Montgomery {
    fn new(modulus: &BigUint) -> Montgomery {
        let modulus_limbs = limbs(modulus);
        // Newton's iteration for m^-1 mod 2^64: each step doubles the correct bits.
        let mut inverse: u64 = 1;
        for _ in 0..6 {
            inverse =
                inverse.wrapping_mul(2u64.wrapping_sub(modulus_limbs[0].wrapping_mul(inverse)));
        }
        Montgomery {
            modulus: modulus_limbs,
            inverse: inverse.wrapping_neg(),
            r_squared: limbs(&((BigUint::from(1u32) << (128 * LIMBS)) % modulus)),
        }
    }

    fn to_montgomery(&self, value: &BigUint) -> Limbs {
        self.mul(&limbs(value), &self.r_squared)
    }

    /// a·b·R^-1 mod m (CIOS).
    fn mul(&self, a: &Limbs, b: &Limbs) -> Limbs {
        let m = &self.modulus;
        let mut t = [0u64; LIMBS + 2];
        for &limb in a {
            let limb = limb as u128;
            let mut carry: u128 = 0;
            for j in 0..LIMBS {
                let sum = t[j] as u128 + limb * b[j] as u128 + carry;
                t[j] = sum as u64;
                carry = sum >> 64;
            }
            let sum = t[LIMBS] as u128 + carry;
            t[LIMBS] = sum as u64;
            t[LIMBS + 1] = (sum >> 64) as u64;
            let factor = t[0].wrapping_mul(self.inverse) as u128;
            let mut carry = (t[0] as u128 + factor * m[0] as u128) >> 64;
            for j in 1..LIMBS {
                let sum = t[j] as u128 + factor * m[j] as u128 + carry;
                t[j - 1] = sum as u64;
                carry = sum >> 64;
            }
            let sum = t[LIMBS] as u128 + carry;
            t[LIMBS - 1] = sum as u64;
            t[LIMBS] = t[LIMBS + 1] + (sum >> 64) as u64;
        }
        let mut result = [0u64; LIMBS];
        result.copy_from_slice(&t[..LIMBS]);
        if t[LIMBS] != 0 || !less_than(&result, m) {
            subtract(&mut result, m);
        }
        result
    }

    /// base^exponent for `base` in Montgomery form, with a 4-bit window.
    fn pow(&self, base: &Limbs, exponent: &[u64]) -> Limbs {
        // 1 in Montgomery form: R mod m = R²·1·R^-1.
        let mut unit = [0u64; LIMBS];
        unit[0] = 1;
        let one = self.mul(&self.r_squared, &unit);
        let mut table = [one; 16];
        table[1] = *base;
        for index in 2..16 {
            table[index] = self.mul(&table[index - 1], base);
        }
        let mut result = one;
        for limb in exponent.iter().rev() {
            for shift in (0..16).rev() {
                for _ in 0..4 {
                    result = self.mul(&result, &result);
                }
                let window = ((limb >> (shift * 4)) & 0xf) as usize;
                if window != 0 {
                    result = self.mul(&result, &table[window]);
                }
            }
        }
        result
    }
}

/// `value` (below 2^1024) as limbs.
fn limbs(value: &BigUint) -> Limbs {
    let mut out = [0u64; LIMBS];
    for (slot, digit) in out.iter_mut().zip(value.to_u64_digits()) {
        *slot = digit;
    }
    out
}

/// Whether `a` < `b`.
fn less_than(a: &Limbs, b: &Limbs) -> bool {
    for index in (0..LIMBS).rev() {
        if a[index] != b[index] {
            return a[index] < b[index];
        }
    }
    false
}

/// `a -= b` modulo 2^1024 (the carry out of the top limb of a is implied).
fn subtract(a: &mut Limbs, b: &Limbs) {
    let mut borrow = 0u64;
    for index in 0..LIMBS {
        let (value, under) = a[index].overflowing_sub(b[index]);
        let (value, under_again) = value.overflowing_sub(borrow);
        a[index] = value;
        borrow = u64::from(under || under_again);
    }
}

#[cfg(test)]
mod tests {
    use rand_chacha::rand_core::SeedableRng;

    use super::*;

    #[test]
    fn montgomery_powers_agree_with_num_bigint() {
        let modulus = BigUint::parse_bytes(
            b"c7f1a1b5e0d4c3b2a1908f7e6d5c4b3a2918f7e6d5c4b3a29180706050403021\
              0f1e2d3c4b5a69788796a5b4c3d2e1f00112233445566778899aabbccddeeff1",
            16,
        )
        .unwrap();
        let field = Montgomery::new(&modulus);
        let base = BigUint::from(0x1234_5678_9abc_def0u64);
        let exponent = BigUint::parse_bytes(b"f00dfacecafebeef0123456789", 16).unwrap();
        let got = field.pow(&field.to_montgomery(&base), &exponent.to_u64_digits());
        // Out of Montgomery form: multiply by 1.
        let mut unit = [0u64; LIMBS];
        unit[0] = 1;
        assert_eq!(
            field.mul(&got, &unit),
            limbs(&base.modpow(&exponent, &modulus))
        );
    }

    #[test]
    fn primality_is_told_apart() {
        let mut rng = ChaCha20Rng::from_seed([7; 32]);
        // 2^127 - 1 is prime; 2^128 + 1 is not (it is divisible by 59649589127497217).
        let mersenne = (BigUint::from(1u32) << 127) - 1u32;
        assert!(is_probable_prime(&mersenne, &mut rng));
        let fermat = (BigUint::from(1u32) << 128) + 1u32;
        assert!(!is_probable_prime(&fermat, &mut rng));
        // A Carmichael number fools Fermat's test but not Miller-Rabin.
        let carmichael = BigUint::from(3_215_031_751u64);
        assert!(!is_probable_prime(&carmichael, &mut rng));
    }

    #[test]
    fn keys_are_2048_bits_consistent_and_seeded() {
        let key = RsaKey::generate(&mut ChaCha20Rng::from_seed([42; 32]));
        assert_eq!(key.n.bits(), 2048);
        assert_eq!(key.n, &key.p * &key.q);
        // Encrypting and decrypting gives the message back, by the CRT too.
        let message = BigUint::from(0x00c0_ffee_u32);
        let cipher = message.modpow(&key.e, &key.n);
        assert_eq!(cipher.modpow(&key.d, &key.n), message);
        let m1 = cipher.modpow(&key.dp, &key.p);
        let m2 = cipher.modpow(&key.dq, &key.q);
        let h = (&key.qinv * ((&m1 + &key.p) - (&m2 % &key.p))) % &key.p;
        assert_eq!(&m2 + h * &key.q, message);
        let again = RsaKey::generate(&mut ChaCha20Rng::from_seed([42; 32]));
        assert_eq!(again.n, key.n, "the same seed, the same key");
        let der = key.pkcs1_der();
        assert_eq!(&der[..2], [0x30, 0x82], "a long SEQUENCE");
        assert_eq!(
            usize::from(der[2]) << 8 | usize::from(der[3]),
            der.len() - 4
        );
    }

    #[test]
    fn der_lengths_and_integers() {
        assert_eq!(der(0x04, &[1, 2]), [0x04, 2, 1, 2]);
        assert_eq!(&der(0x04, &[0; 200])[..3], [0x04, 0x81, 200]);
        assert_eq!(der_integer(&BigUint::from(0x80u32)), [0x02, 2, 0, 0x80]);
        assert_eq!(der_integer(&BigUint::from(0u32)), [0x02, 1, 0]);
        let spki = spki_der(&BigUint::from(0xc5u32), &BigUint::from(3u32));
        assert_eq!(
            spki,
            [
                0x30, 0x1b, 0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01,
                0x01, 0x05, 0x00, 0x03, 0x0a, 0x00, 0x30, 0x07, 0x02, 0x02, 0x00, 0xc5, 0x02, 0x01,
                0x03
            ]
        );
    }
}
