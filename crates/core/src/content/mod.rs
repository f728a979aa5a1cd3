//! The guidance as data: the model, parsing and validation.

mod model;
mod parse;
mod validate;

pub use model::*;
pub use parse::{ContentError, MAX_BYTES, Origin, parse, parse_bytes};

impl DoctorCondition {
    /// The words for the banner and the summary.
    pub fn short(&self) -> &str {
        self.short.as_deref().unwrap_or(&self.text)
    }
}
pub use validate::{MAX_ROUNDS, RuleError, validate};

impl Content {
    pub fn warning(&self, id: &str) -> Option<&Warning> {
        self.warnings.iter().find(|w| w.id == id)
    }

    pub fn walkthrough(&self, id: &str) -> Option<&Walkthrough> {
        self.walkthroughs.iter().find(|w| w.id == id)
    }

    /// The guide step `id`, on whichever pane.
    pub fn step(&self, id: &str) -> Option<&Step> {
        self.tabs.iter().flat_map(|t| &t.steps).find(|s| s.id == id)
    }

    pub fn cycle(&self, id: &str) -> Option<&Cycle> {
        self.cycles.iter().find(|c| c.id == id)
    }

    pub fn tab_index(&self, id: &str) -> Option<usize> {
        self.tabs.iter().position(|t| t.id == id)
    }

    /// The pane a person names on the command line: by its id, its tab label or its title, in
    /// any case ("body" for the tab "2 Body"); an exact id first, then file order.
    pub fn tab_named(&self, name: &str) -> Option<usize> {
        let name = name.trim().to_lowercase();
        self.tab_index(&name)
            .or_else(|| (0..self.tabs.len()).find(|&i| self.tab_names(i).contains(&name)))
    }

    /// What `tab_named` accepts for pane `i`, lower-cased, each once: id, tab label, title.
    pub fn tab_names(&self, i: usize) -> Vec<String> {
        let t = &self.tabs[i];
        let mut names: Vec<String> = Vec::new();
        for n in [&t.id, &t.short, &t.title] {
            let n = n.to_lowercase();
            if !names.contains(&n) {
                names.push(n);
            }
        }
        names
    }

    /// The first pane of the given kind (e.g. the Warnings pane).
    pub fn tab_of_kind(&self, kind: TabKind) -> Option<usize> {
        self.tabs.iter().position(|t| t.kind == kind)
    }

    /// Every step that links the warning `id`, as (pane index, step index).
    pub fn steps_linking(&self, id: &str) -> Vec<(usize, usize)> {
        let mut found = Vec::new();
        for (t, tab) in self.tabs.iter().enumerate() {
            for (s, step) in tab.steps.iter().enumerate() {
                if step.warnings.iter().any(|w| w == id) {
                    found.push((t, s));
                }
            }
        }
        found
    }

    /// Counts for the `check` summary line.
    pub fn summary(&self) -> String {
        let steps: usize = self.tabs.iter().map(|t| t.steps.len()).sum();
        let count = |n: usize, one: &str| format!("{n} {one}{}", if n == 1 { "" } else { "s" });
        [
            count(self.tabs.len(), "pane"),
            count(steps, "step"),
            count(self.warnings.len(), "warning"),
            count(self.walkthroughs.len(), "walkthrough"),
            count(self.cycles.len(), "cycle"),
        ]
        .join(", ")
    }
}

/// The content the app ships (`data/back_spasm.ron`), for the core's own tests.
#[cfg(test)]
pub(crate) fn shipped() -> Content {
    parse(
        include_str!("../../../../data/back_spasm.ron"),
        Origin::Embedded,
    )
    .unwrap()
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_pane_is_named_by_id_tab_label_or_title_in_any_case() {
        let c = super::shipped();
        let body = c.tab_index("physical");
        for name in ["physical", "Body", "body", " BODY "] {
            assert_eq!(c.tab_named(name), body, "{name}");
        }
        let ice = c.tab_index("heat-cold");
        for name in ["heat-cold", "ice/heat", "Ice and heat"] {
            assert_eq!(c.tab_named(name), ice, "{name}");
        }
        assert_eq!(c.tab_named("nope"), None);
        assert_eq!(c.tab_names(0), ["today"]);
    }
}
