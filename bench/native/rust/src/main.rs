//! Times the httparse crate on one benchmark input, for bench/run.sh to set
//! beside httparse's Parser.ParseHead in the same rounds.
//!
//!     rust-httparse FILE BENCHTIME NAME   one result line in `go test -bench` form
//!     rust-httparse -check FILE           one line per parsed head: method,
//!                                         target, field lines, head length
//!
//! One operation parses every request head in FILE, the way the Go
//! ParseHead benchmark does: request line and header fields, next head where
//! the last one ended, stopping after a head that announces a body
//! (Content-Length or Transfer-Encoding), which is left unread. BENCHTIME is
//! `go test`'s -benchtime: a duration (1s, 100ms) or a count of operations
//! (1000x). Written for the Rust that Debian ships as well as newer ones.

use std::process::exit;
use std::time::Instant;

/// Room for every header field of the inputs (many-headers has 50).
const MAX_FIELDS: usize = 128;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.len() {
        3 if args[1] == "-check" => check(&read(&args[2])),
        4 => bench(&read(&args[1]), &args[2], &args[3]),
        _ => fail("usage: rust-httparse FILE BENCHTIME NAME | rust-httparse -check FILE"),
    }
}

fn fail(msg: &str) -> ! {
    eprintln!("rust-httparse: {}", msg);
    exit(1)
}

fn read(path: &str) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| fail(&format!("{}: {}", path, e)))
}

/// What the untimed pass found in one head.
struct Head {
    method: String,
    target: String,
    fields: usize,
    len: usize,
}

/// Parses the heads of data one after another, checking every result.
fn heads(data: &[u8]) -> Vec<Head> {
    let mut out = Vec::new();
    let mut off = 0;
    loop {
        let mut fields = [httparse::EMPTY_HEADER; MAX_FIELDS];
        let mut req = httparse::Request::new(&mut fields);
        let len = match req.parse(&data[off..]) {
            Ok(httparse::Status::Complete(n)) => n,
            Ok(httparse::Status::Partial) => fail(&format!("incomplete head at offset {}", off)),
            Err(e) => fail(&format!("offset {}: {}", off, e)),
        };
        let body = req.headers.iter().any(|h| {
            h.name.eq_ignore_ascii_case("content-length")
                || h.name.eq_ignore_ascii_case("transfer-encoding")
        });
        out.push(Head {
            method: req.method.unwrap_or("").to_string(),
            target: req.path.unwrap_or("").to_string(),
            fields: req.headers.len(),
            len,
        });
        off += len;
        if body || off == data.len() {
            return out;
        }
    }
}

fn check(data: &[u8]) {
    for h in heads(data) {
        println!("{} {} {} {}", h.method, h.target, h.fields, h.len);
    }
    report_simd();
}

/// Runs n operations of `count` heads each and returns a sum of what the
/// parser returned, so that no parse can be left out.
fn run(data: &[u8], count: usize, n: u64) -> usize {
    let mut fields = [httparse::EMPTY_HEADER; MAX_FIELDS];
    let mut sum = 0;
    for _ in 0..n {
        // A volatile read hides that every operation parses the same bytes.
        let input: &[u8] = unsafe { std::ptr::read_volatile(&data) };
        let mut off = 0;
        for _ in 0..count {
            let mut req = httparse::Request::new(&mut fields);
            match req.parse(&input[off..]) {
                Ok(httparse::Status::Complete(len)) => {
                    sum += req.headers.len() + req.method.map_or(0, str::len);
                    off += len;
                }
                _ => fail("a timed parse did not complete"),
            }
        }
    }
    sum
}

fn bench(data: &[u8], benchtime: &str, name: &str) {
    let hs = heads(data);
    let per_op: usize = hs.iter().map(|h| h.fields + h.method.len()).sum();
    let (n, wall, cpu) = measure(benchtime, |n| {
        let sum = run(data, hs.len(), n);
        if sum != per_op * n as usize {
            fail("timed parses found other heads than the checking pass");
        }
    });
    let (wall, cpu) = (wall as f64, cpu as f64);
    let n_f = n as f64;
    println!(
        "{}\t{:>10}\t{:.1} ns/op\t{:.2} MB/s\t{:.1} cpu-ns/op",
        name,
        n,
        wall / n_f,
        data.len() as f64 * n_f / wall * 1e3,
        cpu / n_f
    );
}

/// Tells on stderr which of its code paths the crate picks at run time, by
/// the same test: AVX2 when the CPU has it, else SSE4.2, else the plain one.
fn report_simd() {
    #[cfg(target_arch = "x86_64")]
    {
        let (avx2, sse42) = (is_x86_feature_detected!("avx2"), is_x86_feature_detected!("sse4.2"));
        let path = match (avx2, sse42) {
            (true, true) => "avx2 and sse4.2",
            (true, false) => "avx2",
            (false, true) => "sse4.2",
            (false, false) => "scalar",
        };
        eprintln!("simd path: {}", path);
    }
}

/// Runs op with growing counts until one run lasts the benchtime (or runs
/// the fixed count once) and returns the count, wall-clock and thread CPU
/// nanoseconds of that last run.
fn measure<F: FnMut(u64)>(benchtime: &str, mut op: F) -> (u64, u128, u128) {
    let timed = |op: &mut F, n: u64| {
        let (w0, c0) = (Instant::now(), thread_cpu_ns());
        op(n);
        let c1 = thread_cpu_ns();
        (w0.elapsed().as_nanos().max(1), c1 - c0)
    };
    if let Some(n) = benchtime.strip_suffix('x') {
        let n: u64 = n.parse().unwrap_or_else(|_| fail("bad benchtime count"));
        let (w, c) = timed(&mut op, n);
        return (n, w, c);
    }
    let goal = parse_duration(benchtime);
    let mut n: u64 = 1;
    loop {
        let (w, c) = timed(&mut op, n);
        if w >= goal || n >= 1_000_000_000 {
            return (n, w, c);
        }
        // Aim 20% past the goal from the rate so far, growing at most
        // 100-fold and at least by one.
        let want = (goal as f64 * n as f64 / w as f64 * 1.2) as u64;
        n = want.min(n * 100).max(n + 1).min(1_000_000_000);
    }
}

/// Parses a Go-style duration with one unit: 1s, 100ms, 1.5s, 500us, 10ns.
fn parse_duration(s: &str) -> u128 {
    let units = [("ns", 1.0), ("us", 1e3), ("µs", 1e3), ("ms", 1e6), ("s", 1e9), ("m", 60e9)];
    for (unit, scale) in units.iter() {
        if let Some(num) = s.strip_suffix(unit) {
            if let Ok(v) = num.parse::<f64>() {
                if v > 0.0 {
                    return (v * scale) as u128;
                }
            }
        }
    }
    fail(&format!("bad benchtime {:?}", s))
}

/// CLOCK_THREAD_CPUTIME_ID from <time.h> on Linux.
const CLOCK_THREAD_CPUTIME_ID: i32 = 3;

#[repr(C)]
struct Timespec {
    sec: i64,
    nsec: i64,
}

extern "C" {
    fn clock_gettime(clock: i32, ts: *mut Timespec) -> i32;
}

/// CPU time of the calling thread: waiting for a CPU on a busy machine does
/// not count, as in the Go benchmarks' cpu-ns/op.
fn thread_cpu_ns() -> u128 {
    let mut ts = Timespec { sec: 0, nsec: 0 };
    if unsafe { clock_gettime(CLOCK_THREAD_CPUTIME_ID, &mut ts) } != 0 {
        fail("clock_gettime failed");
    }
    ts.sec as u128 * 1_000_000_000 + ts.nsec as u128
}
