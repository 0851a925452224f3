use intake_lint::rules::load_ruleset;
use std::collections::VecDeque;
use std::path::PathBuf;
use std::time::Instant;

struct Dfa {
    classes: [u8; 256],
    stride: usize,
    table: Vec<u16>,
    first_match: u16,
}

fn build(keys: &[String]) -> Dfa {
    let mut goto: Vec<[u32; 256]> = vec![[u32::MAX; 256]];
    let mut out: Vec<bool> = vec![false];
    for k in keys.iter() {
        let mut s = 0usize;
        for &b in k.as_bytes() {
            let b = b.to_ascii_lowercase() as usize;
            if goto[s][b] == u32::MAX {
                goto.push([u32::MAX; 256]);
                out.push(false);
                goto[s][b] = (goto.len() - 1) as u32;
            }
            s = goto[s][b] as usize;
        }
        out[s] = true;
    }
    let n = goto.len();
    let mut used = [false; 256];
    for g in &goto {
        for b in 0..256 {
            if g[b] != u32::MAX {
                used[b] = true;
            }
        }
    }
    let mut classes = [0u8; 256];
    let mut next = 1u8;
    for b in 0..256 {
        if used[b] {
            classes[b] = next;
            next += 1;
        }
    }
    let stride = next as usize;
    let mut fail = vec![0u32; n];
    let mut delta = vec![0u32; n * 256];
    let mut q = VecDeque::new();
    for b in 0..256 {
        let t = goto[0][b];
        if t != u32::MAX {
            delta[b] = t;
            q.push_back(t as usize);
        }
    }
    while let Some(s) = q.pop_front() {
        let f = fail[s] as usize;
        if out[f] {
            out[s] = true;
        }
        for b in 0..256 {
            let t = goto[s][b];
            if t != u32::MAX {
                fail[t as usize] = delta[f * 256 + b];
                q.push_back(t as usize);
                delta[s * 256 + b] = t;
            } else {
                delta[s * 256 + b] = delta[f * 256 + b];
            }
        }
    }
    let mut ids = vec![0u16; n];
    let mut order: Vec<usize> = (0..n).filter(|s| !out[*s]).collect();
    order.extend((0..n).filter(|s| out[*s]));
    for (i, &s) in order.iter().enumerate() {
        ids[s] = i as u16;
    }
    let first_match = (0..n).filter(|s| !out[*s]).count() as u16;
    let unused = (0..256).find(|b| !used[*b]).unwrap();
    let mut table = vec![0u16; n * stride];
    for s in 0..n {
        let row = ids[s] as usize * stride;
        table[row] = ids[delta[s * 256 + unused] as usize];
        for b in 0..256 {
            if used[b] {
                table[row + classes[b] as usize] = ids[delta[s * 256 + b] as usize];
            }
        }
    }
    let mut c2 = [0u8; 256];
    for b in 0..256 {
        c2[b] = classes[(b as u8).to_ascii_lowercase() as usize];
    }
    println!(
        "states {n} stride {stride} table {} KB",
        table.len() * 2 / 1024
    );
    Dfa {
        classes: c2,
        stride,
        table,
        first_match,
    }
}

fn scan1(d: &Dfa, text: &[u8]) -> usize {
    let mut s = 0u16;
    let mut n = 0;
    for &b in text {
        s = d.table[s as usize * d.stride + d.classes[b as usize] as usize];
        if s >= d.first_match {
            n += 1;
        }
    }
    n
}

fn scan4(d: &Dfa, text: &[u8]) -> usize {
    let q = text.len() / 4;
    let (a, rest) = text.split_at(q);
    let (b, rest) = rest.split_at(q);
    let (c, e) = rest.split_at(q);
    let (mut s0, mut s1, mut s2, mut s3) = (0u16, 0u16, 0u16, 0u16);
    let mut n = 0usize;
    let t = &d.table;
    let st = d.stride;
    let cl = &d.classes;
    let fm = d.first_match;
    for i in 0..q {
        s0 = t[s0 as usize * st + cl[a[i] as usize] as usize];
        s1 = t[s1 as usize * st + cl[b[i] as usize] as usize];
        s2 = t[s2 as usize * st + cl[c[i] as usize] as usize];
        s3 = t[s3 as usize * st + cl[e[i] as usize] as usize];
        if (s0 >= fm) | (s1 >= fm) | (s2 >= fm) | (s3 >= fm) {
            n += (s0 >= fm) as usize
                + (s1 >= fm) as usize
                + (s2 >= fm) as usize
                + (s3 >= fm) as usize;
        }
    }
    n
}

fn main() {
    let rules = load_ruleset(&[] as &[PathBuf]).expect("rules");
    let keys = rules.literal_keys();
    let text = std::fs::read_to_string(std::env::args().nth(1).unwrap()).unwrap();
    let d = build(&keys);
    for _ in 0..2 {
        let t = Instant::now();
        let n = scan1(&d, text.as_bytes());
        let e = t.elapsed();
        println!(
            "one  {n} {:.0} MB/s",
            text.len() as f64 / 1e6 / e.as_secs_f64()
        );
        let t = Instant::now();
        let n = scan4(&d, text.as_bytes());
        let e = t.elapsed();
        println!(
            "four {n} {:.0} MB/s",
            text.len() as f64 / 1e6 / e.as_secs_f64()
        );
    }
}
