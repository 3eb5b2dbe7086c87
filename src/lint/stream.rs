//! A Kubernetes manifest stream (a file, `helm template` output, standard input): each
//! document is a workload whose containers are read (`manifest.rs`) or a `WeightsAndBiases`
//! custom resource (`cr.rs`). Objects are scoped by the stream they come in.

use crate::input::tree::Node;
use crate::lint::manifest::{self, Context};
use crate::lint::{Output, YamlFile, cr};

/// Reads every container of every workload in a manifest stream, and its custom resources.
pub(super) fn read(docs: &[Node], file: &YamlFile<'_>, ctx: &Context<'_>) -> Output {
    let mut out = Output::default();
    let chart_render = manifest::is_chart_render(file.text());
    for doc in manifest::documents(docs) {
        if ctx.all_cr || cr::is_cr(doc) {
            let o = cr::read(doc, file, ctx);
            out.units.extend(o.units);
            out.findings.extend(o.findings);
        } else {
            manifest::read_workload(doc, file, ctx, chart_render, &mut out);
        }
    }
    out
}
