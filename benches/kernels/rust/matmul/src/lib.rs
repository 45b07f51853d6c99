//! Dense f64 matrix multiply (i-k-j order), C = A * B, N x N.
use std::hint::black_box;

pub const N: usize = 640;

pub fn checksum() -> i64 {
    let n = black_box(N);
    let mut rng = common::Rng::new(0x4D41_544D_554C);
    let a: Vec<f64> = (0..n * n).map(|_| rng.next_f64() - 0.5).collect();
    let b: Vec<f64> = (0..n * n).map(|_| rng.next_f64() - 0.5).collect();
    let mut c = vec![0.0f64; n * n];
    for i in 0..n {
        let row = &mut c[i * n..(i + 1) * n];
        for k in 0..n {
            let aik = a[i * n + k];
            let brow = &b[k * n..(k + 1) * n];
            for (cij, &bkj) in row.iter_mut().zip(brow) {
                *cij += aik * bkj;
            }
        }
    }
    let mut h = common::FNV_OFFSET;
    for v in &c {
        h = common::mix(h, v.to_bits());
    }
    common::finish(h)
}

#[cfg(target_arch = "wasm32")]
#[unsafe(no_mangle)]
pub extern "C" fn run() -> i64 {
    checksum()
}
