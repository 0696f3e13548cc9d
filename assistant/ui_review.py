"""The web app's review tab: a mission draft against the ways missions fail.

Built inside the app's Blocks by `ui.build_ui`; it only turns the draft box into a call of
`Guide.review` and the result into HTML.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import gradio as gr

from .review import Review
from .sentences import readable
from .types import MissionsguidenError

_MARKS = {"met": "✓", "weak": "~", "missing": "✗"}


def render_review(
    result: Review, t: Callable[..., Any], lang: str, prefix: str = "mg-review"
) -> str:
    """The review as HTML: the summary, then each criterion with its status, the draft's own
    sentences, the reason, the suggestion and the source (what it says, and the quote).
    `prefix` keeps element ids unique where two reviews are on one page."""
    items = []
    for f in result.findings:
        status = t(lang, f"review_{f.status}")
        evidence = "".join(f"<li>“{html.escape(e)}”</li>" for e in f.evidence[:2])
        source = ""
        for basis, c in list(zip(f.basis, f.citations, strict=False))[:1]:
            source = (
                f'<p class="mg-meta">{t(lang, "review_source")}: {html.escape(basis)}</p>'
                f"<blockquote><mark>{html.escape(readable(c.quote))}</mark></blockquote>"
                f'<p class="mg-meta">{html.escape(c.title)}'
                f"{', ' + html.escape(c.locator) if c.locator else ''}</p>"
            )
        items.append(
            f'<details class="mg-source mg-review-{f.status}" id="{prefix}-{f.id}"'
            f"{' open' if f.status != 'met' else ''}>"
            f"<summary>{_MARKS[f.status]} <strong>{html.escape(f.name)}</strong> ({status})"
            f"</summary><p>{html.escape(f.reason)}</p>"
            + (f"<p>{t(lang, 'review_your_words')}:</p><ul>{evidence}</ul>" if evidence else "")
            + (f"<p>→ {html.escape(f.suggestion)}</p>" if f.suggestion else "")
            + f"{source}</details>"
        )
    return f'<p class="mg-review-summary"><strong>{html.escape(result.summary)}</strong></p>' + (
        "".join(items)
    )


def build_review_tab(
    tr: Any, t: Callable[..., Any], review: Callable[[str], Review], ui_lang: Any
) -> None:
    """The tab's components and its one callback (inside the app's Blocks); messages follow
    the interface language, the review the draft's own."""
    with tr(gr.Tab(elem_id="mg-tab-review"), label="tab_review"):
        tr(gr.Markdown(), value="review_intro")
        draft = tr(
            gr.Textbox(lines=8, elem_id="mg-review-draft"),
            label="review_draft",
            placeholder="review_draft_hint",
        )
        button = tr(gr.Button(variant="primary", elem_id="mg-review-run"), value="review_button")
        out = gr.HTML(elem_id="mg-review", js_on_load=None)

        def run(text: str, lang: str) -> str:
            if not text.strip():
                return f"<p>{html.escape(t(lang, 'review_empty'))}</p>"
            try:
                result = review(text)
            except MissionsguidenError as exc:
                return f"<p>{html.escape(str(exc))}</p>"
            return render_review(result, t, result.lang)

        button.click(run, [draft, ui_lang], out)
