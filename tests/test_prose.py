"""Plain one-paragraph fields skip Python-Markdown (most of a plan's prose), with the very
HTML Markdown and nh3 would give them."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT, load_checked
from planpub.render.markup import PLAIN, Prose
from planpub.slug import nfc

LETTERS = ("aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợ"
           "ùúủũụừứửữựỳýỷỹỵ")
SAFE = " .,:;-–—()/%'\"?+=$@^0123456789\u2003\u200b\ufeff\u00ad\u0301"
"""Characters a plain field may hold (``\u0301``: a combining accent, NFC composes it)."""
READ = "\t\n\r\u00a0\u0085\u2028*_`[]<>&#!|~{}\\"
"""Characters Markdown, HTML or a template reads: a field with one takes the long path."""


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet=LETTERS + SAFE, min_size=1, max_size=80)
       | st.text(alphabet=LETTERS + SAFE + READ, min_size=1, max_size=80))
def test_a_plain_field_gets_what_markdown_gives_it(source: str) -> None:
    prose = Prose()
    assert str(prose.html(source)) == str(prose.converted(nfc(source)))


@given(st.text(alphabet=LETTERS + " .,:;-()/%'\"0123456789", min_size=2, max_size=60))
def test_most_plain_sentences_take_the_short_path(source: str) -> None:
    sentence = "Tổ chức " + source.strip() + " xong"
    assert PLAIN.match(sentence)


def test_every_field_of_the_bundled_plans_is_rendered_as_markdown_would() -> None:
    prose = Prose()
    fields: list[str] = []
    for plan in load_checked(ROOT)[0].plans.values():
        stack = list(plan.tasks)
        while stack:
            task = stack.pop()
            stack.extend(task.subtasks)
            fields.extend(x for x in (task.body,) if x)
        fields.extend(x for x in (plan.intro, plan.funding, plan.closing, *plan.purposes,
                                  *plan.requirements, *(i.body for i in plan.organisation))
                      if x)
    plain = [f for f in fields if PLAIN.match(f)]
    assert plain and len(plain) < len(fields)
    for field in fields:
        assert str(prose.html(field)) == str(prose.converted(field)), field
