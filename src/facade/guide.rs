//! [`Guide`]: one reader's run through a scenario.
//!
//! The whole run is (seed, the choices taken): everything else — position,
//! values, the random draws, history — is recomputed from those by replay.
//! That makes save, restore and undo one mechanism, and a run identical on
//! every platform. The seed and the twists switched on are the run's
//! [`RunConfig`]; the guide itself is shared and never changes.

use super::load;
use super::save::{self, Token};
use crate::analysis::{montecarlo, odds, paths};
use crate::error::{decimal, Error, Result};
use crate::model::scenario::Scenario;
use crate::prelude::*;
use crate::run::config::{Flashpoints, RunConfig};
use crate::run::policy::{policy_for, Policy};
use crate::run::rng::Rng;
use crate::run::state::{self, Position};
use alloc::sync::Arc;

/// One step taken.
#[derive(Debug, Clone, PartialEq)]
pub struct StepRecord {
    /// Node where the choice was made.
    pub node: usize,
    /// Choice index.
    pub choice: usize,
    /// Outcome index and its probability in that state.
    pub outcome: Option<(usize, f64)>,
    /// True when a player decided the outcome instead of the dice.
    pub decided: bool,
    /// Variable values before the step.
    pub before: Vec<f64>,
}

/// A reader's run.
#[derive(Debug, Clone)]
pub struct Guide {
    scenario: Arc<Scenario>,
    config: RunConfig,
    rng: Rng,
    position: Position,
    values: Vec<f64>,
    steps: Vec<StepRecord>,
    /// [`play_hash`](crate::model::pack::play_hash) of the scenario,
    /// computed once per guide; share tokens carry it.
    play: u32,
    /// The core hash of the compiled file the guide was started from (none
    /// for one loaded from JSON): another language's file must carry it too.
    packed: Option<u32>,
}

impl Guide {
    /// Starts a run of `scenario` with `seed`, every flashpoint off.
    pub fn new(scenario: Arc<Scenario>, seed: u64) -> Guide {
        Self::with_config(scenario, RunConfig::new(seed))
    }

    /// Starts a run of `scenario` with this configuration (seed and
    /// flashpoints). Flashpoint bits past the guide's count are ignored.
    pub fn with_config(scenario: Arc<Scenario>, config: RunConfig) -> Guide {
        let play = crate::model::pack::play_hash(&scenario);
        Self::fresh(scenario, config, play, None)
    }

    fn fresh(scenario: Arc<Scenario>, config: RunConfig, play: u32, packed: Option<u32>) -> Guide {
        let (position, values) = state::start(&scenario, config.flashpoints);
        Guide {
            scenario,
            config,
            rng: Rng::new(config.seed),
            position,
            values,
            steps: Vec::new(),
            play,
            packed,
        }
    }

    /// Starts a run of a packed guide file (a `.bin`, see
    /// [`pack`](crate::model::pack)): no JSON, no check — the file was
    /// checked when it was packed, and [`unpack`](crate::model::pack::unpack)
    /// refuses one that is damaged.
    pub fn from_packed(bytes: &[u8], seed: u64) -> Result<Guide> {
        let (scenario, core) = crate::model::pack::unpack_with_core_hash(bytes)?;
        let mut g = Guide::new(Arc::new(scenario), seed);
        g.packed = Some(core);
        Ok(g)
    }

    /// Adds another language's packed file of the same guide to one started
    /// by [`from_packed`](Self::from_packed); the run goes on unchanged. (A
    /// guide loaded from JSON has every language already, and is refused.)
    pub fn add_language(&mut self, bytes: &[u8]) -> Result<()> {
        let Some(core) = self.packed else {
            return Err(Error::compiled(
                "compiled guide: this guide was loaded from its JSON, which has every language already"
                    .into(),
            ));
        };
        crate::model::pack::unpack_language_of(Arc::make_mut(&mut self.scenario), core, bytes)
    }

    /// The short hash of the guide's play-relevant content that share tokens carry.
    pub fn play_hash(&self) -> u32 {
        self.play
    }

    /// Loads a scenario from JSON and starts a run. This runs every check
    /// but the model check over all reachable states (see
    /// [`Check::Static`](crate::facade::load::Check)), so a page loads fast;
    /// authors' tools use [`load_scenario`](crate::load_scenario) for the full check.
    ///
    /// ```
    /// let json = std::fs::read_to_string("scenarios/us-china-2015.json").unwrap();
    /// let mut g = agreement_guide::Guide::from_json(&json, 7).unwrap();
    /// let first = g.view("en").choices[0].id.clone();
    /// g.choose(&first).unwrap();
    /// assert_eq!(g.steps().len(), 1);
    /// ```
    pub fn from_json(json: &str, seed: u64) -> Result<Guide> {
        Ok(Guide::new(
            Arc::new(load::load_with(json, load::Check::Static)?),
            seed,
        ))
    }

    /// The scenario.
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// The shared scenario handle.
    pub fn scenario_arc(&self) -> &Arc<Scenario> {
        &self.scenario
    }

    /// Where the run is.
    pub fn position(&self) -> Position {
        self.position
    }

    /// Current variable values (indexed like `scenario.variables`).
    pub fn values(&self) -> &[f64] {
        &self.values
    }

    /// The steps taken so far.
    pub fn steps(&self) -> &[StepRecord] {
        &self.steps
    }

    /// The seed of this run.
    pub fn seed(&self) -> u64 {
        self.config.seed
    }

    /// The run's configuration: its seed and the flashpoints switched on.
    pub fn config(&self) -> RunConfig {
        self.config
    }

    /// The random generator's state (seed and draws so far).
    pub fn rng(&self) -> Rng {
        self.rng
    }

    /// True once an ending is reached.
    pub fn is_finished(&self) -> bool {
        matches!(self.position, Position::Ending(_))
    }

    /// Takes the choice with this id at the current node.
    pub fn choose(&mut self, id: &str) -> Result<()> {
        let Position::Node(n) = self.position else {
            return Err(Error::finished());
        };
        let idx = self.scenario.nodes[n]
            .choices
            .iter()
            .position(|c| c.id == id)
            .ok_or_else(|| Error::unknown_choice(id))?;
        self.choose_index(idx)
    }

    /// Takes the choice with this index at the current node.
    pub fn choose_index(&mut self, idx: usize) -> Result<()> {
        let Position::Node(n) = self.position else {
            return Err(Error::finished());
        };
        if idx >= self.scenario.nodes[n].choices.len() {
            return Err(Error::unknown_choice(
                &("#".to_string() + &decimal(idx as u64)),
            ));
        }
        self.take(n, idx, None)
    }

    /// Takes a random choice with its outcome decided by a player instead of
    /// drawn (classroom team play: the other side's team picks its response).
    /// The outcome must be possible here (weight above 0).
    pub fn choose_outcome(&mut self, choice: &str, outcome: &str) -> Result<()> {
        let Position::Node(n) = self.position else {
            return Err(Error::finished());
        };
        let node = &self.scenario.nodes[n];
        let idx = node
            .choices
            .iter()
            .position(|c| c.id == choice)
            .ok_or_else(|| Error::unknown_choice(choice))?;
        let crate::model::scenario::Step::Outcomes(outs) = &node.choices[idx].step else {
            return Err(Error::unknown_choice(&(choice.to_string() + "/" + outcome)));
        };
        let o = outs
            .iter()
            .position(|o| o.id == outcome)
            .ok_or_else(|| Error::unknown_choice(&(choice.to_string() + "/" + outcome)))?;
        self.take(n, idx, Some(o))
    }

    fn take(&mut self, n: usize, idx: usize, decided: Option<usize>) -> Result<()> {
        let scenario = Arc::clone(&self.scenario);
        let choice = &scenario.nodes[n].choices[idx];
        if !state::enabled(choice, &self.values) {
            let lang = scenario.meta.default_language;
            let reason = choice
                .unmet
                .as_ref()
                .map(|u| crate::model::text::plain_text(u.get(lang, lang)))
                .unwrap_or_else(|| "its condition does not hold".into());
            return Err(Error::choice_unavailable(&choice.id, reason));
        }
        let before = self.values.clone();
        let rng = &mut self.rng;
        let (pos, outcome) = match decided {
            None => state::take(&scenario, n, idx, &mut self.values, |total| {
                rng.next_f64() * total
            }),
            Some(o) => {
                let r = state::take_with(
                    &scenario,
                    n,
                    idx,
                    &mut self.values,
                    state::Pick::<fn(f64) -> f64>::Forced(o),
                );
                if r.1.is_none() {
                    return Err(Error::choice_unavailable(
                        &choice.id,
                        "that response is not possible in this state".into(),
                    ));
                }
                r
            }
        };
        self.position = pos;
        self.steps.push(StepRecord {
            node: n,
            choice: idx,
            outcome,
            before,
            decided: decided.is_some(),
        });
        Ok(())
    }

    /// Undoes the last step (by replaying all the others).
    pub fn undo(&mut self) -> Result<()> {
        if self.steps.is_empty() {
            return Err(Error::nothing_to_undo());
        }
        self.rewind(self.steps.len() - 1)
    }

    /// The first `steps` steps as (choice, decided outcome) pairs.
    fn path(&self, steps: usize) -> Vec<(usize, Option<usize>)> {
        self.steps[..steps]
            .iter()
            .map(|s| {
                (
                    s.choice,
                    s.decided.then(|| s.outcome.map(|o| o.0)).flatten(),
                )
            })
            .collect()
    }

    /// Goes back to the state after the first `step` steps.
    pub fn rewind(&mut self, step: usize) -> Result<()> {
        if step > self.steps.len() {
            return Err(Error::nothing_to_undo());
        }
        let path = self.path(step);
        *self = Self::replay(
            Arc::clone(&self.scenario),
            self.config,
            &path,
            self.play,
            self.packed,
        )?;
        Ok(())
    }

    /// Starts again with the same seed and flashpoints.
    pub fn restart(&mut self) {
        *self = Self::fresh(
            Arc::clone(&self.scenario),
            self.config,
            self.play,
            self.packed,
        );
    }

    /// Starts again with another seed (the same flashpoints).
    pub fn restart_with_seed(&mut self, seed: u64) {
        let config = RunConfig {
            seed,
            ..self.config
        };
        *self = Self::fresh(Arc::clone(&self.scenario), config, self.play, self.packed);
    }

    fn replay(
        scenario: Arc<Scenario>,
        config: RunConfig,
        path: &[(usize, Option<usize>)],
        play: u32,
        packed: Option<u32>,
    ) -> Result<Guide> {
        let mut g = Self::fresh(scenario, config, play, packed);
        for (i, &(c, decided)) in path.iter().enumerate() {
            let Position::Node(n) = g.position else {
                return Err(Error::token(
                    "step ".to_string()
                        + &decimal(i as u64 + 1)
                        + " of this link comes after the guide had already ended",
                ));
            };
            let count = g.scenario.nodes[n].choices.len();
            let r = if c >= count {
                Err(Error::token(
                    "it picks option ".to_string()
                        + &decimal(c as u64 + 1)
                        + " at \""
                        + &g.scenario.nodes[n].id
                        + "\", which has only "
                        + &decimal(count as u64),
                ))
            } else {
                g.take(n, c, decided)
            };
            r.map_err(|e| {
                Error::token(
                    "step ".to_string()
                        + &decimal(i as u64 + 1)
                        + " of this link does not fit this guide: "
                        + &e.message(),
                )
            })?;
        }
        Ok(g)
    }

    /// The share token for this run.
    pub fn save(&self) -> String {
        save::encode(&Token {
            scenario: self.scenario.meta.id.clone(),
            version: self.scenario.meta.version,
            seed: self.config.seed,
            path: self.path(self.steps.len()),
            flashpoints: self.config.flashpoints.0,
            guide: Some(self.play),
        })
    }

    /// Switches on exactly the flashpoints named (by id; all others off) and
    /// starts the run again with the same seed. An unknown id is an error
    /// naming the ones the guide declares; the run is then unchanged.
    pub fn set_flashpoints(&mut self, ids: &[&str]) -> Result<()> {
        let mut on = 0u64;
        for id in ids.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
            match self.scenario.flashpoints.iter().position(|f| f.id == id) {
                Some(i) => on |= 1 << i,
                None => {
                    let known: Vec<String> = self
                        .scenario
                        .flashpoints
                        .iter()
                        .map(|f| f.id.clone())
                        .collect();
                    return Err(Error::unknown_flashpoint(id, known));
                }
            }
        }
        let config = self.config.with_flashpoints(Flashpoints(on));
        *self = Self::fresh(Arc::clone(&self.scenario), config, self.play, self.packed);
        Ok(())
    }

    /// The ids of the flashpoints switched on.
    pub fn flashpoints(&self) -> Vec<&str> {
        let on = self.config.flashpoints;
        self.scenario
            .flashpoints
            .iter()
            .enumerate()
            .filter(|&(i, _)| on.is_on(i))
            .map(|(_, f)| f.id.as_str())
            .collect()
    }

    /// Restores a run from a share token. On error the current run is kept.
    pub fn restore(&mut self, token: &str) -> Result<()> {
        let t = save::decode(token)?;
        let m = &self.scenario.meta;
        if t.scenario != m.id {
            return Err(Error::token(
                "this link is for the guide \"".to_string()
                    + &t.scenario
                    + "\", not \""
                    + &m.id
                    + "\"",
            ));
        }
        if let Some(h) = t.guide {
            // A token that names the guide's play-relevant content: it fits
            // exactly when that content is unchanged, whatever the version says.
            if h != self.play {
                return Err(Error::token(
                    "this link was made before \"".to_string()
                        + &m.id
                        + "\" was changed (it was version "
                        + &decimal(t.version.into())
                        + ", this is version "
                        + &decimal(m.version.into())
                        + "), so it would not replay the same run",
                ));
            }
        } else if t.version != m.version {
            return Err(Error::token(
                "this link was made with version ".to_string()
                    + &decimal(t.version.into())
                    + " of \""
                    + &m.id
                    + "\"; this is version "
                    + &decimal(m.version.into()),
            ));
        }
        let k = self.scenario.flashpoints.len();
        if k < 64 && t.flashpoints >> k != 0 {
            return Err(Error::token(
                "this link switches on a twist (flashpoint) that \"".to_string()
                    + &m.id
                    + "\" does not have",
            ));
        }
        let config = RunConfig {
            seed: t.seed,
            flashpoints: Flashpoints(t.flashpoints),
        };
        *self = Self::replay(
            Arc::clone(&self.scenario),
            config,
            &t.path,
            self.play,
            self.packed,
        )?;
        Ok(())
    }

    /// Resolves a strategy id (`None` or `"uniform"`: a reader who picks at random).
    pub fn policy(&self, strategy: Option<&str>) -> Result<Policy<'_>> {
        policy_for(&self.scenario, strategy)
    }

    /// Exact odds of each ending from here under a strategy.
    pub fn odds(&self, strategy: Option<&str>) -> Result<odds::Odds> {
        let policy = self.policy(strategy)?;
        match self.position {
            Position::Node(n) => odds::odds(&self.scenario, n, &self.values, policy),
            Position::Ending(e) => {
                let mut endings = vec![0.0; self.scenario.endings.len()];
                endings[e] = 1.0;
                Ok(odds::Odds {
                    endings,
                    unfinished: 0.0,
                    exact: true,
                    states: 0,
                })
            }
        }
    }

    /// Playthrough counts from the start.
    pub fn paths(&self) -> Result<paths::PathStats> {
        let (Position::Node(n), values) = state::start(&self.scenario, self.config.flashpoints)
        else {
            unreachable!("validated: the start is a node")
        };
        paths::paths(&self.scenario, n, &values)
    }

    /// The scenario's mechanism map, laid out, with the run's flashpoints
    /// (what is behind one that is off is dormant).
    pub fn map(&self) -> crate::analysis::map::MechanismMap {
        crate::analysis::map::layout_with(&self.scenario, self.config.flashpoints)
    }

    /// A run with this run's flashpoints that arrives at the card or ending
    /// `id`: (seed, choice ids), the shortest of `tries` random playthroughs;
    /// `None` when no such card or ending, or no run arrived (see
    /// [`montecarlo::reach`]).
    pub fn reach(&self, id: &str, tries: u64) -> Option<(u64, Vec<String>)> {
        let s = &self.scenario;
        let target = match s.node_index(id) {
            Some(n) => Position::Node(n),
            None => Position::Ending(s.ending_index(id)?),
        };
        montecarlo::reach_with(s, self.config.flashpoints, target, tries)
    }

    /// For each ending, a run with this run's flashpoints that reaches it,
    /// if found within `tries` random playthroughs (see [`montecarlo::witnesses`]).
    pub fn witnesses(&self, tries: u64) -> Vec<Option<montecarlo::Witness>> {
        montecarlo::witnesses_with(&self.scenario, self.config.flashpoints, tries)
    }

    /// `runs` simulated playthroughs from the start under a strategy.
    pub fn simulate(
        &self,
        runs: u64,
        strategy: Option<&str>,
        seed: u64,
    ) -> Result<montecarlo::Simulation> {
        self.simulate_batch(0, runs, strategy, seed)
    }

    /// Runs `first .. first + runs` of the simulation seeded with `seed`:
    /// batches that cover `0..n` add up to exactly `simulate(n, …)`, whatever
    /// their size (a page runs a long simulation in batches, yielding between them).
    pub fn simulate_batch(
        &self,
        first: u64,
        runs: u64,
        strategy: Option<&str>,
        seed: u64,
    ) -> Result<montecarlo::Simulation> {
        Ok(montecarlo::simulate_range(
            &self.scenario,
            self.config.flashpoints,
            self.policy(strategy)?,
            first,
            runs,
            seed,
        ))
    }
}
