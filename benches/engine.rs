//! Criterion benchmarks of the core on the default guide. They print numbers;
//! nothing here asserts a time.
//!
//! `cargo bench --bench engine`

use agreement_guide::{load_scenario, load_scenario_with, Check, Guide, Policy};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::hint::black_box;
use std::sync::Arc;

fn scenario_text() -> String {
    std::fs::read_to_string("scenarios/us-china-2015.json").expect("run from the repository root")
}

fn benches(c: &mut Criterion) {
    let text = scenario_text();
    let scenario = Arc::new(load_scenario(&text).unwrap());

    c.bench_function("load for play (parse + static checks)", |b| {
        b.iter(|| load_scenario_with(black_box(&text), Check::Static).unwrap())
    });
    c.bench_function("load with full check (incl. model check)", |b| {
        b.iter(|| load_scenario(black_box(&text)).unwrap())
    });
    // The reader runtime's load: a compiled file (one language), no checker.
    let compiled = agreement_guide::model::pack::pack(&scenario)
        .remove(0)
        .bytes;
    c.bench_function("load a compiled guide (reader runtime, en)", |b| {
        b.iter(|| agreement_guide::model::pack::unpack(black_box(&compiled)).unwrap())
    });

    // One step: choose the first enabled choice from the start, then undo-free reset.
    let start = Guide::new(Arc::clone(&scenario), 1);
    let first = start
        .view("en")
        .choices
        .iter()
        .find(|c| c.enabled)
        .unwrap()
        .id
        .clone();
    c.bench_function("one step (choose)", |b| {
        b.iter_batched(
            || start.clone(),
            |mut g| g.choose(black_box(&first)).unwrap(),
            criterion::BatchSize::SmallInput,
        )
    });
    c.bench_function("one view (build the view-model)", |b| {
        b.iter(|| black_box(start.view("en")))
    });

    // Switching a classroom twist on and off again: the run starts over
    // each time with the flashpoints as they are now.
    let twist = scenario.flashpoints[0].id.clone();
    c.bench_function("switch a flashpoint on and off", |b| {
        let mut g = start.clone();
        b.iter(|| {
            g.set_flashpoints(&[black_box(twist.as_str())]).unwrap();
            g.set_flashpoints(&[]).unwrap();
        })
    });

    c.bench_function("mechanism map layout", |b| {
        b.iter(|| agreement_guide::analysis::map::layout(black_box(&scenario)))
    });

    let mut group = c.benchmark_group("monte carlo");
    let runs = 2_000u64;
    let steps = agreement_guide::simulate(&scenario, Policy::Uniform, runs, 1).steps;
    group.throughput(Throughput::Elements(steps));
    group.bench_function(BenchmarkId::new("uniform playthrough-steps", runs), |b| {
        b.iter(|| agreement_guide::simulate(&scenario, Policy::Uniform, black_box(runs), 1))
    });
    group.finish();

    let mut group = c.benchmark_group("exact odds of the whole guide");
    group.sample_size(20);
    for id in std::iter::once("uniform".to_string())
        .chain(scenario.strategies.iter().map(|s| s.id.clone()))
    {
        group.bench_function(&id, |b| {
            b.iter(|| start.odds(Some(black_box(&id))).unwrap())
        });
    }
    group.finish();
}

criterion_group!(engine, benches);
criterion_main!(engine);
