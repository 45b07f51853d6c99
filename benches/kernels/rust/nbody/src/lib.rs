//! The n-body simulation of the Computer Language Benchmarks Game (five
//! Jovian planets, symplectic integrator): f64 arithmetic and sqrt.
use std::hint::black_box;

pub const STEPS: u32 = 1_500_000;

const PI: f64 = 3.141592653589793;
const SOLAR_MASS: f64 = 4.0 * PI * PI;
const DAYS_PER_YEAR: f64 = 365.24;

#[derive(Clone, Copy)]
struct Body {
    pos: [f64; 3],
    vel: [f64; 3],
    mass: f64,
}

fn bodies() -> [Body; 5] {
    let body = |pos: [f64; 3], vel: [f64; 3], mass: f64| Body {
        pos,
        vel: vel.map(|v| v * DAYS_PER_YEAR),
        mass: mass * SOLAR_MASS,
    };
    [
        body([0.0; 3], [0.0; 3], 1.0),
        body(
            [4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01],
            [1.66007664274403694e-03, 7.69901118419740425e-03, -6.90460016972063023e-05],
            9.54791938424326609e-04,
        ),
        body(
            [8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01],
            [-2.76742510726862411e-03, 4.99852801234917238e-03, 2.30417297573763929e-05],
            2.85885980666130812e-04,
        ),
        body(
            [1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01],
            [2.96460137564761618e-03, 2.37847173959480950e-03, -2.96589568540237556e-05],
            4.36624404335156298e-05,
        ),
        body(
            [1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01],
            [2.68067772490389322e-03, 1.62824170038242295e-03, -9.51592254519715870e-05],
            5.15138902046611451e-05,
        ),
    ]
}

fn offset_momentum(bodies: &mut [Body; 5]) {
    let mut p = [0.0f64; 3];
    for b in bodies.iter() {
        for k in 0..3 {
            p[k] += b.vel[k] * b.mass;
        }
    }
    for k in 0..3 {
        bodies[0].vel[k] = -p[k] / SOLAR_MASS;
    }
}

fn energy(bodies: &[Body; 5]) -> f64 {
    let mut e = 0.0;
    for i in 0..bodies.len() {
        let b = &bodies[i];
        e += 0.5 * b.mass * (b.vel[0] * b.vel[0] + b.vel[1] * b.vel[1] + b.vel[2] * b.vel[2]);
        for b2 in &bodies[i + 1..] {
            let d: [f64; 3] = [0, 1, 2].map(|k| b.pos[k] - b2.pos[k]);
            e -= b.mass * b2.mass / (d[0] * d[0] + d[1] * d[1] + d[2] * d[2]).sqrt();
        }
    }
    e
}

fn advance(bodies: &mut [Body; 5], dt: f64) {
    for i in 0..bodies.len() {
        let (left, right) = bodies.split_at_mut(i + 1);
        let b = &mut left[i];
        for b2 in right.iter_mut() {
            let d: [f64; 3] = [0, 1, 2].map(|k| b.pos[k] - b2.pos[k]);
            let d2 = d[0] * d[0] + d[1] * d[1] + d[2] * d[2];
            let mag = dt / (d2 * d2.sqrt());
            for k in 0..3 {
                b.vel[k] -= d[k] * b2.mass * mag;
                b2.vel[k] += d[k] * b.mass * mag;
            }
        }
    }
    for b in bodies.iter_mut() {
        for k in 0..3 {
            b.pos[k] += dt * b.vel[k];
        }
    }
}

pub fn checksum() -> i64 {
    let mut bodies = bodies();
    offset_momentum(&mut bodies);
    let before = energy(&bodies);
    for _ in 0..black_box(STEPS) {
        advance(&mut bodies, 0.01);
    }
    let after = energy(&bodies);
    common::finish(common::mix(common::mix(common::FNV_OFFSET, before.to_bits()), after.to_bits()))
}

/// The energy before and after `steps` steps, to check this simulation
/// against the Benchmarks Game's published output (see the test below).
pub fn energies(steps: u32) -> (f64, f64) {
    let mut bodies = bodies();
    offset_momentum(&mut bodies);
    let before = energy(&bodies);
    for _ in 0..steps {
        advance(&mut bodies, 0.01);
    }
    (before, energy(&bodies))
}

#[cfg(target_arch = "wasm32")]
#[unsafe(no_mangle)]
pub extern "C" fn run() -> i64 {
    checksum()
}

#[cfg(test)]
mod tests {
    #[test]
    fn benchmarks_game_output_for_1000_steps() {
        let (before, after) = super::energies(1000);
        assert_eq!(format!("{before:.9}"), "-0.169075164");
        assert_eq!(format!("{after:.9}"), "-0.169087605");
    }
}
