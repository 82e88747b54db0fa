//! The built-in rules, embedded in the binary from `rules/` so clauselint
//! works with no configuration at all.

use super::RuleSource;

/// Every file in `rules/`, in load order. A test checks none is forgotten.
const BUILTIN: &[(&str, &str)] = &[
    (
        "rules/vocabularies.toml",
        include_str!("../../rules/vocabularies.toml"),
    ),
    (
        "rules/contact-point.toml",
        include_str!("../../rules/contact-point.toml"),
    ),
    (
        "rules/retention.toml",
        include_str!("../../rules/retention.toml"),
    ),
    (
        "rules/third-party-processors.toml",
        include_str!("../../rules/third-party-processors.toml"),
    ),
    ("rules/minors.toml", include_str!("../../rules/minors.toml")),
    // Quality rules: each checks a clause above once it is present, or (for
    // `last-updated`) the policy's date.
    (
        "rules/last-updated.toml",
        include_str!("../../rules/last-updated.toml"),
    ),
    (
        "rules/contact-point-placeholder.toml",
        include_str!("../../rules/contact-point-placeholder.toml"),
    ),
    (
        "rules/retention-vague.toml",
        include_str!("../../rules/retention-vague.toml"),
    ),
    (
        "rules/third-party-processors-unnamed.toml",
        include_str!("../../rules/third-party-processors-unnamed.toml"),
    ),
    (
        "rules/minors-age-threshold.toml",
        include_str!("../../rules/minors-age-threshold.toml"),
    ),
    // Jurisdiction packs: rules outside the `core` profile (see
    // docs/packs.md), compiled only when one of their profiles is in force.
    (
        "rules/data-subject-rights.toml",
        include_str!("../../rules/data-subject-rights.toml"),
    ),
    (
        "rules/security-measures.toml",
        include_str!("../../rules/security-measures.toml"),
    ),
    (
        "rules/policy-changes.toml",
        include_str!("../../rules/policy-changes.toml"),
    ),
    (
        "rules/do-not-track.toml",
        include_str!("../../rules/do-not-track.toml"),
    ),
    (
        "rules/opt-out-choices.toml",
        include_str!("../../rules/opt-out-choices.toml"),
    ),
    (
        "rules/pack-gdpr.toml",
        include_str!("../../rules/pack-gdpr.toml"),
    ),
    (
        "rules/pack-ccpa.toml",
        include_str!("../../rules/pack-ccpa.toml"),
    ),
    (
        "rules/pack-caloppa.toml",
        include_str!("../../rules/pack-caloppa.toml"),
    ),
    (
        "rules/pack-coppa.toml",
        include_str!("../../rules/pack-coppa.toml"),
    ),
    // Japanese: vocabularies, the variants of the rules above, and the APPI
    // items (rules for Japanese documents only).
    (
        "rules/ja/vocabularies.toml",
        include_str!("../../rules/ja/vocabularies.toml"),
    ),
    (
        "rules/ja/contact-point.toml",
        include_str!("../../rules/ja/contact-point.toml"),
    ),
    (
        "rules/ja/retention.toml",
        include_str!("../../rules/ja/retention.toml"),
    ),
    (
        "rules/ja/third-party-processors.toml",
        include_str!("../../rules/ja/third-party-processors.toml"),
    ),
    (
        "rules/ja/minors.toml",
        include_str!("../../rules/ja/minors.toml"),
    ),
    (
        "rules/ja/last-updated.toml",
        include_str!("../../rules/ja/last-updated.toml"),
    ),
    (
        "rules/ja/purposes-of-use.toml",
        include_str!("../../rules/ja/purposes-of-use.toml"),
    ),
    (
        "rules/ja/security-measures.toml",
        include_str!("../../rules/ja/security-measures.toml"),
    ),
    (
        "rules/ja/disclosure-requests.toml",
        include_str!("../../rules/ja/disclosure-requests.toml"),
    ),
    (
        "rules/ja/operator-identity.toml",
        include_str!("../../rules/ja/operator-identity.toml"),
    ),
    (
        "rules/ja/complaint-contact.toml",
        include_str!("../../rules/ja/complaint-contact.toml"),
    ),
    (
        "rules/ja/foreign-transfer.toml",
        include_str!("../../rules/ja/foreign-transfer.toml"),
    ),
];

/// The built-in rule files.
pub fn builtin_sources() -> Vec<RuleSource> {
    BUILTIN
        .iter()
        .map(|(name, text)| RuleSource {
            name: format!("builtin:{name}"),
            text: (*text).to_owned(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_file_in_rules_dir_is_embedded() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/rules");
        let mut on_disk: Vec<String> = walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_map(|e| e.ok())
            .filter_map(|e| {
                let rel = e
                    .path()
                    .strip_prefix(dir)
                    .ok()?
                    .to_string_lossy()
                    .into_owned();
                Some(format!("rules/{rel}"))
            })
            .filter(|n| n.ends_with(".toml"))
            .collect();
        on_disk.sort();
        let mut embedded: Vec<String> = BUILTIN.iter().map(|(n, _)| (*n).to_owned()).collect();
        embedded.sort();
        assert_eq!(on_disk, embedded);
    }

    #[test]
    fn builtin_rules_compile() {
        let engine = crate::engine::Engine::compile(builtin_sources()).unwrap_or_else(|errs| {
            panic!(
                "{}",
                errs.iter()
                    .map(|e| e.message().to_owned())
                    .collect::<Vec<_>>()
                    .join("\n")
            )
        });
        for id in [
            "contact-point",
            "retention",
            "third-party-processors",
            "minors",
        ] {
            assert!(
                engine.rules().get(id).is_some(),
                "missing built-in rule {id}"
            );
        }
    }
}
