"""Presentasjon / Presentation: slides for network gatherings, stepped with buttons or the keyboard.

The slides themselves are defined in reports/slides.py (shared with the PowerPoint deck); this page
only chooses them, steps through them and draws the current one. The slide number is in the URL.
While one slide is shown its neighbours are built ahead (reports/slide_cache.py), so a step only draws.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from charts import images
from charts.chart_table import chart_table
from components import data, url_state
from components.chart_export import png_download
from components.chart_view import PLOTLY_CONFIG, table_toggle
from components.municipality_search import municipality_multiselect
from core.exports import file_name
from core.i18n import LANGUAGES, t
from reports import slides
from reports.deck import build_deck
from reports.slide_cache import SlideCache

LANGUAGE_NAMES = {"nb": "Norsk", "en": "English"}
PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
GOAL_OPTIONS = [str(g) for g in slides.ALL_GOALS]
# Hall type (issue 13 §2): no text on the slide under 24 px (1.5rem), the title larger; the full width. The
# sidebar and header are hidden while presenting. The slide's tools (PNG, table) are below it, in page type.
BASE_STYLE = """<style>
.st-key-slide_body h1 {font-size: 2.75rem; line-height: 1.15; padding-top: 0}
.st-key-slide_body p, .st-key-slide_body [data-testid="stCaptionContainer"] {font-size: 1.5rem}
.st-key-slide_subtitle p {color: #616161}
</style>"""
HIDE_CHROME = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"] {display: none}
[data-testid="stMainBlockContainer"] {padding: 1rem 2rem; max-width: 100%}
</style>"""
# The arrow keys and a presenter remote's PageUp/PageDown step. Not Streamlit's button shortcut: it writes its key
# beside the label, a second arrow next to the button's icon.
PAGE_KEYS = """<script>
if (!window.presentationPageKeys) {
  window.presentationPageKeys = true;
  document.addEventListener("keydown", (event) => {
    const key = {PageDown: "slide_next", ArrowRight: "slide_next", PageUp: "slide_previous",
                 ArrowLeft: "slide_previous"}[event.key];
    if (!key || event.target.closest("input, textarea, [contenteditable='true']")) return;
    const button = document.querySelector(`.st-key-${key} button`);
    if (button && !button.disabled) { event.preventDefault(); button.click(); }
  });
}
</script>"""


def use_language() -> None:
    st.session_state["lang"] = st.session_state["presentation_lang"]


def step(delta: int, total: int) -> None:
    st.session_state["presentation_slide"] = min(max(st.session_state["presentation_slide"] + delta, 1), total)


@st.cache_resource(show_spinner=False, max_entries=2)
def slide_cache(version: tuple[int, int]) -> SlideCache:
    """Slides built for this version of the data (local targets, members' values), shared by every presenter."""
    return SlideCache()


def slide_key(ref: slides.SlideRef) -> tuple:
    """What a slide depends on beyond the data version: its goals, language and the network's members (the map's
    outlines and the numbers change with a membership, which the data version does not count)."""
    return ref, tuple(goals), lang, tuple(slide_data.member_municipalities), tuple(slide_data.member_counties)


def prepared(ref: slides.SlideRef) -> slides.Slide:
    """The slide, from the cache: built ahead while the previous one was shown, or built now."""
    return cache.get(slide_key(ref), lambda: slides.build_slide(ref, slide_data, goals, lang))


def make_deck(progress_slot) -> bytes:
    """Every chosen slide as a deck, with a progress bar that names the slide being prepared and drawn."""
    bar = progress_slot.progress(0.0, text=t("presentation.deck_preparing", lang, number=1, total=len(refs)))
    chosen = []
    for index, ref in enumerate(refs, start=1):
        bar.progress((index - 1) / (2 * len(refs)),
                     text=t("presentation.deck_preparing", lang, number=index, total=len(refs)))
        chosen.append(prepared(ref))

    def drawn(done: int, total: int) -> None:
        bar.progress((total + done) / (2 * total),
                     text=t("presentation.deck_drawing", lang, number=min(done + 1, total), total=total))

    bar.progress(0.5, text=t("presentation.deck_drawing", lang, number=1, total=len(refs)))
    return build_deck(chosen, lang, progress=drawn)


lang = st.session_state.get("lang", "nb")
images.warm_up_in_background()  # the first PNG or deck need not wait for the browser to start
municipalities = data.municipalities()
labels = dict(zip(municipalities.code, municipalities.label, strict=True))
goals_frame = data.sdg_goals()
goal_names = dict(zip(goals_frame.number, goals_frame.short_nb if lang == "nb" else goals_frame.short_en,
                      strict=True))

first_visit = "presentation_codes" not in st.session_state
url_state.seed_codes("presentation_codes", "kommuner", labels)
if first_visit and not st.session_state["presentation_codes"] and st.session_state.get("kommune"):
    st.session_state["presentation_codes"] = [st.session_state["kommune"]]  # the sidebar's municipality
url_state.seed_codes("presentation_goals", "goals", GOAL_OPTIONS, message="warning.unknown_goals")
url_state.seed_codes("presentation_kinds", "slides", slides.KINDS, message="warning.unknown_slide_kinds")
st.session_state["presentation_lang"] = lang  # follows the sidebar's choice too

with st.expander(t("presentation.settings", lang), icon=":material/tune:"):
    columns = st.columns([1, 3])
    columns[0].radio(t("presentation.language", lang), LANGUAGES, key="presentation_lang", horizontal=True,
                     format_func=LANGUAGE_NAMES.get, on_change=use_language)
    hide_menu = columns[0].toggle(t("presentation.hide_menu", lang), value=True, key="presentation_hide_menu")
    codes = municipality_multiselect(t("presentation.municipalities", lang), labels, lang, key="presentation_codes",
                                     container=columns[1], help=t("presentation.municipalities_hint", lang))
    chosen_goals = columns[1].multiselect(t("presentation.goals", lang), GOAL_OPTIONS, key="presentation_goals",
                                          format_func=lambda g: f"{g}. {goal_names[int(g)]}",
                                          placeholder=t("presentation.all_goals", lang))
    kinds = columns[1].multiselect(t("presentation.kinds", lang), slides.KINDS, key="presentation_kinds",
                                   format_func=lambda k: t(f"presentation.kind.{k}", lang),
                                   placeholder=t("presentation.all_kinds", lang))
url_state.publish("kommuner", ",".join(codes) or None)
url_state.publish("goals", ",".join(chosen_goals) or None)
url_state.publish("slides", ",".join(kinds) or None)
st.html(BASE_STYLE + (HIDE_CHROME if hide_menu else ""))
st.html(PAGE_KEYS, unsafe_allow_javascript=True)

refs = slides.plan(kinds, codes)
goals = [int(g) for g in chosen_goals]
if not refs:
    url_state.show_warnings(lang)
    st.info(t("presentation.no_municipality", lang))
    st.stop()
url_state.seed("presentation_slide", range(1, len(refs) + 1), 1, parse=int, param="slide")
# Fewer slides after a new choice: stay on the last one.
st.session_state["presentation_slide"] = min(st.session_state["presentation_slide"], len(refs))
url_state.show_warnings(lang)
if not codes and any(k in slides.MUNICIPALITY_KINDS for k in kinds or slides.KINDS):
    st.caption(t("presentation.no_municipality", lang))

slide_data = slides.SlideData(
    catalogue=data.catalogue(), book=data.score_book(), observations=data.all_observations(),
    municipalities=municipalities, counties=data.counties(), sdg_goals=goals_frame,
    boundaries=data.boundaries("municipality"), tiny_points=data.tiny_area_points("municipality"),
    member_municipalities=data.member_codes("municipality"), member_counties=data.member_codes("county"),
    structure_z=data.structure()[1],
    profiles=lambda code: data.area_profile("municipality", code),  # the profile page's own answer
)
number = st.session_state["presentation_slide"]
url_state.publish("slide", number, 1)

navigation = st.columns([1, 2, 1, 2], vertical_alignment="center")
navigation[0].button(t("presentation.previous", lang), key="slide_previous", icon=":material/arrow_back:",
                     on_click=step, args=(-1, len(refs)), disabled=number == 1, width="stretch")
navigation[1].markdown(f"**{t('presentation.position', lang, number=number, total=len(refs))}**",
                       help=t("presentation.keys", lang))
navigation[2].button(t("presentation.next", lang), key="slide_next", icon=":material/arrow_forward:",
                     icon_position="right", on_click=step, args=(1, len(refs)), disabled=number == len(refs),
                     width="stretch")
# The deck is made in a run of its own, with its progress in view; then the same choice downloads it at once.
deck_for = (tuple(refs), tuple(goals), lang)
deck_slot = navigation[3].empty()
made = st.session_state.get("presentation_deck_made")
if made and made[0] == deck_for:
    deck_slot.download_button(t("presentation.deck", lang), data=made[1], mime=PPTX_MIME,
                              file_name=file_name("presentation", lang, date.today().isoformat(), "pptx"),
                              key="presentation_deck", icon=":material/download:", on_click="ignore",
                              help=t("presentation.deck_ready", lang), width="stretch")
    make_requested = False
else:
    make_requested = deck_slot.button(t("presentation.deck_make", lang), key="presentation_deck_make",
                                      icon=":material/slideshow:", help=t("presentation.deck_help", lang),
                                      width="stretch")

cache = slide_cache(data.data_version())
slide = prepared(refs[number - 1])
source_line = t("presentation.source", lang, source=slide.source)
with st.container(key="slide_body"):
    st.title(slide.title, anchor=False)
    if slide.subtitle:
        st.container(key="slide_subtitle").markdown(slide.subtitle)
    for column, figure, name in zip(st.columns(slide.columns), slide.figures, slide.figure_names, strict=True):
        # A figure drawn for a width of its own (the status matrix wraps its names to it) keeps that width.
        column.plotly_chart(figure, key=f"slide_chart_{name}", config=PLOTLY_CONFIG,
                            width="content" if figure.layout.width else "stretch")
    st.caption(source_line)
with st.container(key="slide_tools"):
    for column, figure, name in zip(st.columns(slide.columns), slide.figures, slide.figure_names, strict=True):
        with column:
            png_download(figure, name, source_line, lang, key=f"png_{name}", title=slide.title)
            table_toggle(lambda figure=figure: chart_table(figure, lang), lang, f"slide_chart_{name}")
# The neighbours next, on the worker thread: the next slide first, the one a presenter steps back to second.
for neighbour in (number, number - 2):
    if 0 <= neighbour < len(refs):
        cache.prepare(slide_key(refs[neighbour]),
                      lambda ref=refs[neighbour]: slides.build_slide(ref, slide_data, goals, lang))
if make_requested:
    deck_bytes = make_deck(deck_slot)
    st.session_state["presentation_deck_made"] = (deck_for, deck_bytes)
    st.rerun()  # shows the download button for the deck just made
