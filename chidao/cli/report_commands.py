"""Commands that answer researchers' questions: summary, audit, lineage, status."""
from __future__ import annotations

import json

import click

from chidao.cli.common import open_store, render, store_option
from chidao.cli.group import main
from chidao.named_queries import named_query
from chidao.store import Store


@main.command()
@store_option
def summary(store_dir: str | None) -> None:
    """A readable overview: documents, instruments with type, date and issuer, bodies.

    \b
    Example:
      chidao summary
    """
    store = open_store(store_dir, read_only=True)
    docs = store.select(named_query("documents"))
    click.echo(f"Documents ({len(docs)}):")
    for d in docs:
        click.echo(f"  {d['source']}: {d['symbol'] or '?'} {d['date'] or ''} — {d['title'] or ''}")
    rows = store.select(named_query("instruments"))
    click.echo(f"\nInstruments ({len(rows)}):")
    click.echo(render(rows, ["label", "dates", "issuers"], "table"))
    bodies = store.select(named_query("bodies"))
    click.echo(f"\nBodies ({len(bodies)}):")
    for b in bodies:
        click.echo(f"  {b['name']} ({b['instruments']} instrument(s))")
    items = store.select(named_query("tasks"))
    click.echo(f"\nTasks and recommendations ({len(items)}):")
    for t in items:
        period = f" [{t['periodStart']}–{t['periodEnd']}]" if t["periodStart"] else ""
        to = f" → {t['addressees']}" if t["addressees"] else ""
        click.echo(f"  {t['kind']} {t['ordinal']}{period}{to}: {t['text'][:90]}")
    from chidao.resolver import resolve
    task = resolve(store, "task 2").best
    if task:
        click.echo(f"\nLineage of task 2 ({task}):")
        _echo_lineage(store, task, "up", None)


@main.command()
@store_option
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def audit(store_dir: str | None, as_json: bool) -> None:
    """Figures that do not add up, instruments given two dates, and citations of instruments
    already out of force, with the quoted text.

    A stated percentage is checked against its fraction (wrong when it is off by one unit of
    its last printed digit or more); a total against the parts in the parentheses after it.
    A document that rests on (Căn cứ) or implements an instrument another one had repealed or
    replaced whole on or before the document's own date is a stale citation.
    Exits 0 either way: findings are data, not errors.

    \b
    Example:
      chidao audit --store chidao-store
    """
    store = open_store(store_dir, read_only=True)
    mismatches = store.select(named_query("mismatches"))
    conflicts = store.select(named_query("date_conflicts"))
    stale = list({(r["citing"], r["prop"], r["cited"]): r for r in store.select(named_query("stale_citations"))}.values())
    if as_json:
        click.echo(json.dumps({"mismatches": mismatches, "date_conflicts": conflicts, "stale_citations": stale},
                              ensure_ascii=False, indent=2))
        return
    click.echo(f"Figure mismatches ({len(mismatches)}):")
    for m in mismatches:
        click.echo(f"  stated {_number(m['stated'])}, computed {_number(m['computed'])} — {m['rule']}")
        click.echo(f"    “{' '.join(m['quote'].split())}” ({m['document']}#char={m['begin']},{m['end']})")
    by_instrument: dict[str, list[dict]] = {}
    for c in conflicts:
        by_instrument.setdefault(c["instrument"], []).append(c)
    click.echo(f"\nDate conflicts ({len(by_instrument)}):")
    for inst, rows in by_instrument.items():
        click.echo(f"  {rows[0]['symbol'] or inst}: " + " ≠ ".join(sorted({r['value'] for r in rows})))
        for r in rows:
            click.echo(f"    {r['value']}: “{r['quote']}” (char {r['begin']})")
    click.echo(f"\nStale citations ({len(stale)}):")
    for r in stale:
        click.echo(f"  {r['citingLabel'] or r['citing']} ({r['date']}) {r['prop'].rsplit('#', 1)[-1]} "
                   f"{r['citedLabel'] or r['cited']}, out of force since {r['from']} ({r['byLabel'] or r['by']})")
        click.echo(f"    “{' '.join(r['quote'].split())}”")
        if r["effectQuote"]:
            click.echo(f"    “{' '.join(r['effectQuote'].split())}”")


def _number(value: float) -> str:
    """Vietnamese notation: 11.644.132.000 and 98,913."""
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    return f"{value}".replace(".", ",")


def resolved(store: Store, ref: str) -> str:
    """The node REF means (chidao.resolver, as the page and kg.resolve), or an error listing
    the candidates when several fit or nothing does."""
    from chidao.listing import fields
    from chidao.resolver import resolve

    found = resolve(store, ref)
    if found.best:
        return found.best
    if not found.candidates:
        raise click.ClickException(f"nothing in the store matches {ref!r}")
    f = fields(store, [h.iri for h in found.candidates], ("label", "symbol"))
    lines = [f"  {(f[h.iri].get('label') or f[h.iri].get('symbol') or [h.iri])[0]}  ({h.kind})  {h.iri}"
             for h in found.candidates]
    raise click.ClickException(f"{ref!r} is ambiguous; did you mean:\n" + "\n".join(lines))


def _echo_lineage(store: Store, node: str, direction: str, depth: int | None) -> None:
    from chidao.lineage import lineage

    for d in (("up", "down") if direction == "both" else (direction,)):
        edges = lineage(store, node, d, depth)
        click.echo(f"  {'up — what drives it' if d == 'up' else 'down — what it drives'} ({len(edges)} edge(s)):")
        for e in edges:
            cue = f" [{e.cue}]" if e.cue else ""
            date = f" ({e.date})" if e.date else ""
            click.echo(f"  {'  ' * e.depth}{e.subject_label or e.subject}{date} —{e.relation}{cue}→ "
                       f"{e.object_label or e.object}")
            if e.evidence:
                click.echo(f"  {'  ' * e.depth}  “{' '.join(e.evidence.split())[:200]}”")


@main.command(name="lineage")
@click.argument("ref")
@store_option
@click.option("--direction", type=click.Choice(["up", "down", "both"]), default="both", show_default=True)
@click.option("--depth", type=int, default=None, help="Maximum number of steps (default: no limit).")
def lineage_command(ref: str, store_dir: str | None, direction: str, depth: int | None) -> None:
    """The chain up (what drives it) and down (what it drives) of an instrument or task.

    REF is what you would type on the page: a symbol (accent- and case-insensitive), "QĐ 1395",
    "quyet dinh 1395", "task N" / "nhiệm vụ N", "kiến nghị N", title words, or an IRI. When
    several nodes fit (or none), the candidates are listed instead. Each edge shows the
    relation, the cue word and the quoted evidence.

    \b
    Examples:
      chidao lineage "task 2"
      chidao lineage "QĐ 1395" --direction down --depth 1
    """
    store = open_store(store_dir, read_only=True)
    node = resolved(store, ref)
    click.echo(f"{node}:")
    _echo_lineage(store, node, direction, depth)


@main.command(name="status")
@click.argument("ref")
@store_option
@click.option("--on", "on", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="The day to answer for, YYYY-MM-DD (default: today).")
@click.option("--json", "as_json", is_flag=True, help="Print the answer as JSON.")
def status_command(ref: str, store_dir: str | None, on, as_json: bool) -> None:
    """Whether an instrument is in force on a day, and the facts that decide it.

    The status is not_yet_in_force, in_force, partly_in_force (a provision repealed or
    replaced), not_in_force or unknown, derived from the effects and entry-into-force
    statements the documents make; each reason quotes its sentence.

    \b
    Examples:
      chidao status 31/2015/NĐ-CP --on 2024-07-01
      chidao status "Nghị định 09/2024/NĐ-CP" --json
    """
    from chidao.status import status

    store = open_store(store_dir, read_only=True)
    iri = resolved(store, ref)
    answer = status(store, iri, on.date() if on else None, ref)
    if as_json:
        click.echo(json.dumps(answer.as_json(), ensure_ascii=False, indent=1))
        return
    since = f" (in force from {answer.in_force_from})" if answer.in_force_from else ""
    click.echo(f"{ref} → {iri}\non {answer.on}: {answer.status}{since}")
    for r in answer.because:
        part = f" {r.provision_label or r.provision}" if r.provision else ""
        by = f" by {r.by_label or r.by}" if r.by and r.by != iri else ""
        click.echo(f"  because: {r.effect}{part}{by} from {r.from_ or 'a date no text states'}"
                   + (f" — “{' '.join(r.evidence.split())}”" if r.evidence else ""))
