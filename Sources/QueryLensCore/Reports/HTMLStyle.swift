/// The HTML report's stylesheet, inline so the page needs nothing else: system fonts, light and
/// dark by `prefers-color-scheme`, and a print layout (no backgrounds, findings not split).
enum HTMLStyle {
    static let css = """

        :root { --bg: #ffffff; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --panel: #f6f8fa;
          --loop: #d1242f; --parent: #0969da; --other: #8c959f; --error: #d1242f; --warning: #9a6700; --note: #0969da; --link: #0969da; }
        @media (prefers-color-scheme: dark) {
          :root { --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --line: #3d444d; --panel: #151b23;
            --loop: #ff7b72; --parent: #58a6ff; --other: #6e7681; --error: #ff7b72; --warning: #d29922; --note: #58a6ff; --link: #58a6ff; }
        }
        * { box-sizing: border-box; }
        body { margin: 0 auto; max-width: 1100px; padding: 1.5rem; background: var(--bg); color: var(--fg);
          font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
        a { color: var(--link); }
        h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
        h2 { font-size: 1.25rem; border-bottom: 1px solid var(--line); padding-bottom: .3rem; margin-top: 2rem; }
        h3 { font-size: 1.1rem; margin: 0 0 .4rem; }
        h4 { font-size: .95rem; margin: 1rem 0 .3rem; }
        header p, .meta, figcaption, footer, .problem, .id { color: var(--muted); }
        code, pre { font: 13px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
        pre { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: .6rem .8rem;
          white-space: pre-wrap; word-break: break-word; margin: .3rem 0; }
        pre.fix { border-left: 4px solid var(--parent); }
        code.sql { word-break: break-word; }
        details.sql { display: inline; }
        details.sql > summary { display: inline; cursor: pointer; list-style: none; }
        details.sql[open] > summary { display: none; }
        details.others > summary { cursor: pointer; color: var(--muted); }
        table { border-collapse: collapse; width: 100%; margin: .5rem 0; }
        th, td { border-bottom: 1px solid var(--line); padding: .35rem .5rem; text-align: left; vertical-align: top; }
        th { font-weight: 600; }
        td.n, th.n { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
        table.kinds { width: auto; margin-top: 1rem; }
        table.kinds th { font-weight: normal; padding-left: 1.2rem; }
        td.none { color: var(--muted); }
        .cards { display: flex; flex-wrap: wrap; gap: .75rem; }
        .card { flex: 1 1 12rem; background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: .7rem .9rem; }
        .card .value { display: block; font-size: 1.5rem; font-weight: 600; }
        .card .label { color: var(--muted); }
        .badge { display: inline-block; border-radius: 1rem; padding: 0 .55rem; font-size: .8rem; font-weight: 600; color: #fff; }
        .badge.error { background: var(--error); } .badge.warning { background: var(--warning); } .badge.note { background: var(--note); }
        .caution { color: var(--warning); }
        article.finding { border: 1px solid var(--line); border-left-width: 5px; border-radius: 8px; padding: 1rem 1.2rem; margin: 1rem 0; }
        article.error { border-left-color: var(--error); } article.warning { border-left-color: var(--warning); } article.note { border-left-color: var(--note); }
        figure.waterfall { margin: .6rem 0; }
        figure.waterfall svg { width: 100%; height: auto; display: block; background: var(--panel); border: 1px solid var(--line); border-radius: 6px; }
        .bar.loop { fill: var(--loop); } .bar.parent { fill: var(--parent); } .bar.other { fill: var(--other); }
        .bar:hover { stroke: var(--fg); stroke-width: 1; }
        .tick { stroke: var(--line); stroke-width: 1; }
        .axis { fill: var(--muted); font: 11px system-ui, sans-serif; }
        ol.legend { list-style: none; padding: 0; margin: .4rem 0; font-size: .9rem; }
        ol.legend li { margin: .15rem 0; }
        .swatch { display: inline-block; width: .8rem; height: .8rem; border-radius: 2px; margin-right: .4rem; vertical-align: -1px; }
        .swatch.loop { background: var(--loop); } .swatch.parent { background: var(--parent); } .swatch.other { background: var(--other); }
        footer { margin-top: 2rem; border-top: 1px solid var(--line); padding-top: .5rem; font-size: .85rem; }
        @media print {
          :root { --bg: #fff; --fg: #000; --panel: #fff; }
          body { max-width: none; padding: 0; font-size: 11pt; }
          article.finding, figure.waterfall, tr { break-inside: avoid; }
          details > *:not(summary) { display: block; }
          a { color: inherit; text-decoration: none; }
        }

        """
}
