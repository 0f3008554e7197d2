//! docs/policies.md is generated from the registry; this fails when it is stale.
//! Regenerate with `cargo run -- params --markdown > docs/policies.md`.

#[test]
fn docs_policies_md_matches_the_registry() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/policies.md");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    let generated = hotsim_policies::registry::render_markdown();
    assert!(
        committed == generated,
        "docs/policies.md is stale: run `cargo run -- params --markdown > docs/policies.md`"
    );
}
