"""Who is the source? Turn a source mention into a :class:`Source` with a kind.

The kind follows the product's taxonomy: a PERSON entity or a PROPN name is a
``named_person``; an ORG/PLACE entity or a proper name speaking as itself
("China condemned", "The BLA said") a ``named_organization``; a statement,
report or study a ``document``; an unnamed source presented as informed
(a count, a specific modifier such as "senior security", "familiar with") is
``anonymous``; a bare collective ("officials say", "analysts said") is
``vague``. Pronouns are classified here as vague and resolved later by
:mod:`attribution.extract.coref`.
"""

from __future__ import annotations

from attribution.extract import tree
from attribution.extract.lexicon import Lexicon
from attribution.model import ParsedDocument, Sentence, Source, SourceKind

NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "a dozen": 12,
    "dozen": 12,
    "both": 2,
    "a couple": 2,
    "couple": 2,
    "several": None,
    "a few": None,
}
PERSON_TYPES = ("PERSON", "PER")
TITLES = ("Mr", "Mrs", "Ms", "Dr", "Sen", "Rep", "Gov", "Gen", "Col", "Lt", "Sgt", "Prof", "Rev", "Sir", "Dame")
ORG_TYPES = ("ORG", "PLACE", "GPE", "LOC", "NORP", "ORGANIZATION", "LOCATION", "FAC")
SINGULAR_PRONOUNS = {"he", "she", "him", "her", "his", "i", "me", "my"}
PLURAL_PRONOUNS = {"they", "them", "their", "we", "us", "our"}


def head_of(sent: Sentence, words: list[int]) -> int:
    """The word among ``words`` whose head lies outside them (the phrase head)."""
    inside = set(words)
    for i in words:
        if sent.word(i).head not in inside:
            return i
    return words[0]


def to_count(text: str) -> int | None:
    t = text.lower().replace(",", "")
    if t.isdigit():
        return int(t)
    return NUMBER_WORDS.get(t)


def classify(
    text: str, sent: Sentence, words: list[int], lex: Lexicon, people: frozenset[str] = frozenset()
) -> Source | None:
    """A :class:`Source` for the mention made of ``words`` (None when empty); ``people``
    are the surnames the article has introduced (see :func:`person_names`)."""
    if not words:
        return None
    span = tree.span(text, sent, words)
    head = sent.word(head_of(sent, words))
    lemma = head.lemma.lower()
    plural = "Number=Plur" in head.feats or head.xpos in ("NNS", "NNPS")
    count = None
    for c in tree.children(sent, head.index, "nummod"):
        if c.index in words:
            count = to_count(c.text)
    if count is None:
        # "three senior security officials" even when the parse misses the nummod
        for i in words:
            if i >= head.index or sent.word(i).text in (",", "("):
                break
            if to_count(sent.word(i).text) is not None and sent.word(i).upos in ("NUM", "ADJ", "NOUN", "DET"):
                count = to_count(sent.word(i).text)
                break
    if (
        count is None
        and not plural
        and any(
            c.lemma.lower() in ("a", "an", "another", "one")
            for c in tree.children(sent, head.index, "det")
            if c.index in words
        )
    ):
        count = 1  # "A senior doctor", "Another doctor": one person
    if count is not None and count > 1:
        plural = True
    role, affiliation = _role(text, sent, head.index, words, lex)
    base = dict(span=span, count=count, plural=plural, role=role, affiliation=affiliation)

    if tree.is_pronoun(head):
        low = head.text.lower()
        return Source(
            kind=SourceKind.VAGUE, plural=low in PLURAL_PRONOUNS, **{k: v for k, v in base.items() if k != "plural"}
        )

    if (
        lemma in lex["nominal"]
        and head.upos == "NOUN"
        and (tree.children(sent, head.index, "det", "nmod:poss") or head.index == min(words))
    ):
        if not plural or tree.children(sent, head.index, "det", "nmod:poss", "nmod", "amod", "compound"):
            # "a report by the Marine Habitats Institute", "A statement from the Ministry ...":
            # the document speaks, whoever wrote it
            return Source(kind=SourceKind.DOCUMENT, on_record=True, **base)
    name_words = _name_words(sent, head.index, words, lex)
    if name_words:
        ent = _entity_type(sent, name_words)
        name = tree.span(text, sent, name_words).text
        kind = _name_kind(sent, head, name_words, ent, role, lex, people)
        return Source(kind=kind, name=name, on_record=True, **base)

    noun_words = {sent.word(i).lemma.lower() for i in words}
    is_nominal = lemma in lex["nominal"] or head.text.lower() in lex["nominal"]
    dets = [c.lemma.lower() for c in tree.children(sent, head.index, "det", "nmod:poss") if c.index in words]
    modifiers = [
        c for c in tree.children(sent, head.index, "amod", "compound", "nmod", "acl", "acl:relcl") if c.index in words
    ]
    # the words right before the head count as modifiers whatever the parse says
    modifiers += [
        sent.word(i)
        for i in words
        if i < head.index and sent.word(i).upos in ("ADJ", "NOUN", "PROPN", "VERB") and sent.word(i) not in modifiers
    ]
    if is_nominal:
        if not dets and not modifiers and plural:
            return Source(kind=SourceKind.VAGUE, **base)  # "Estimates say"
        return Source(kind=SourceKind.DOCUMENT, on_record=True, **base)
    if (
        lemma in lex["organization_nouns"]
        and not _is_person_noun(lemma, lex)
        and (dets or modifiers or head.text.lower() not in lex["vague_collectives"])
    ):
        # "the coast guard", "Police said": a body speaking as itself
        return Source(kind=SourceKind.NAMED_ORGANIZATION, on_record=True, **base)
    specific = (
        count is not None
        or any(
            m.lemma.lower() in lex["specific_modifiers"]
            or m.text.lower() in lex["specific_modifiers"]
            or (m.deprel in ("amod", "compound") and m.text[:1].isupper() and m.index != 1)
            or (m.upos == "PROPN" and m.deprel in ("amod", "compound"))
            for m in modifiers
        )
        or _has_anonymity_phrase(span.text, lex)
        or (not plural and any(d in ("a", "an", "one") for d in dets))
    )
    if specific and (
        lemma in lex["role_nouns"]
        or lemma in {"person", "people", "source", "sources"}
        or plural
        or noun_words & lex["role_nouns"]
    ):
        return Source(kind=SourceKind.ANONYMOUS, **base)
    return Source(kind=SourceKind.VAGUE, **base)


def _is_person_noun(lemma: str, lex: Lexicon) -> bool:
    return lemma in lex["role_nouns"] and lemma not in ("police",)


def _has_anonymity_phrase(text: str, lex: Lexicon) -> bool:
    low = text.lower()
    return any(p in low for p in lex["anonymity_phrases"])


def _entity_type(sent: Sentence, words: list[int]) -> str | None:
    if not words:
        return None
    start = min(sent.word(i).start for i in words)
    end = max(sent.word(i).end for i in words)
    for e in sent.entities:
        if e.start < end and start < e.end:
            return e.type
    return None


def _is_title(word, lex: Lexicon) -> bool:
    """A capitalised title in front of a name ("Mayor Ann Lee", "President X")."""
    return word.lemma.lower() in lex["role_nouns"] or word.text.lower().rstrip(".") in lex["role_nouns"]


def _name_words(sent: Sentence, head: int, words: list[int], lex: Lexicon) -> list[int]:
    """The proper name inside the mention: the last run of capitalised words before
    any comma ("foreign ministry spokeswoman *Mao Ning*", "*Syed Muhammad Ali*, an
    analyst", "The *BLA*"), read off the surface so that a compact model's tagging
    slips (a name tagged NOUN, a title tagged PROPN) do not hide it.

    A run counts when it holds a PROPN or an entity tag, or does not open the
    sentence (where every word is capitalised); a run in front of a lower-case head
    noun is a modifier ("Pakistani officials"), not the source's name."""
    core: list[int] = []
    for i in words:
        if core and (sent.word(i).text in (",", "(", ";", ":", "\u2014") or i != core[-1] + 1):
            break  # the name sits before any comma or gap ("Syed Muhammad Ali, an ... analyst")
        core.append(i)
    run = _run_in(sent, head, core, lex)
    if run or not core or len(core) == len(words):
        return run
    # "His lawyer, Miriam Esch", "The contractor, Brennard Civil": a description first, and
    # the name in the appositive after the comma (up to the next comma)
    h = sent.word(head)
    if h.text[:1].isupper() or h.upos not in ("NOUN",) or head not in core:
        return []
    rest = [i for i in words if i > core[-1] + 1]
    appos: list[int] = []
    for i in rest:
        if sent.word(i).text in (",", "(", ";", ":", "\u2014") or (appos and i != appos[-1] + 1):
            break
        appos.append(i)
    run = _run_in(sent, -1, appos, lex)
    return run if run and run[-1] == appos[-1] else []


def _run_in(sent: Sentence, head: int, core: list[int], lex: Lexicon) -> list[int]:
    """The last run of capitalised words in ``core`` that is a name (see :func:`_name_words`);
    ``head`` -1 when the run stands apart from the mention's head (an appositive)."""
    runs: list[list[int]] = []
    for i in core:
        w = sent.word(i)
        capital = w.text[:1].isupper() and w.upos not in ("DET", "PRON", "ADP", "CCONJ", "PUNCT", "SCONJ", "NUM")
        if capital and not _is_title(w, lex):
            if runs and runs[-1][-1] == i - 1:
                runs[-1].append(i)
            else:
                runs.append([i])
    h = sent.word(head) if head > 0 else None
    for run in reversed(runs):
        ws = [sent.word(i) for i in run]
        if not (any(w.upos == "PROPN" or w.ner != "O" for w in ws) or run[0] != 1):
            continue
        if all(w.upos == "ADJ" for w in ws):
            continue  # "Pakistani", "Chinese": nationality adjectives
        if h is not None and head not in run and h.text[:1].islower() and head > run[-1]:
            continue  # modifies the head noun: "Scientology officials", "BLA fighters"
        if all(w.lemma.lower() in lex["vague_collectives"] or w.text.lower() in lex["vague_collectives"] for w in ws):
            continue  # "Authorities said": a capitalised collective (often tagged PROPN) is no name
        return run
    return []


def _name_kind(
    sent: Sentence,
    head,
    name_words: list[int],
    ent: str | None,
    role: str | None,
    lex: Lexicon,
    people: frozenset[str],
) -> SourceKind:
    texts = [sent.word(i).text for i in name_words]
    if len(texts) > 1 and texts[-1].lower().rstrip(".") in lex["organization_nouns"] and texts[-1] not in people:
        return SourceKind.NAMED_ORGANIZATION  # "Harlow Freight", "Brightwell Energy": a company's name
    if ent in PERSON_TYPES and (len(texts) > 1 or texts[0] in people or role):
        return SourceKind.NAMED_PERSON  # a lone word the article never introduced as a surname is no person
    if role and any(r in role.lower().split() for r in lex["role_nouns"]):
        return SourceKind.NAMED_PERSON
    if ent in ORG_TYPES:
        return SourceKind.NAMED_ORGANIZATION
    if len(texts) == 1 and texts[0].isupper() and len(texts[0]) > 1:
        return SourceKind.NAMED_ORGANIZATION  # acronyms: "The BLA said"
    if any(sent.word(i).lemma.lower() in lex["organization_nouns"] for i in name_words):
        return SourceKind.NAMED_ORGANIZATION
    if head.lemma.lower() in lex["organization_nouns"]:
        return SourceKind.NAMED_ORGANIZATION
    if any(t.rstrip(".") in TITLES for t in texts):
        return SourceKind.NAMED_PERSON
    if any(c.lemma.lower() == "the" for c in tree.children(sent, head.index, "det")):
        return SourceKind.NAMED_ORGANIZATION  # "the Red Hand Front": people take no article
    if len(texts) >= 2 or texts[-1] in people:
        return SourceKind.NAMED_PERSON
    # a lone name never introduced as someone's surname: a country or body ("China condemned")
    return SourceKind.NAMED_ORGANIZATION


_ROLE_CACHE: dict[str, frozenset[str]] = {}


def person_names(doc: ParsedDocument, lex: Lexicon | None = None) -> frozenset[str]:
    """Surnames the article introduces with a full name or a title ("Syed Muhammad
    Ali" -> "Ali", "Mr. Khan" -> "Khan"), so that a later "Ali said" is a person."""
    if lex is not None:
        _ROLE_CACHE["roles"] = lex["role_nouns"]
    out: set[str] = set()
    for sent in doc.sentences:
        # surface: a run of two or more capitalised PROPN words tagged PERSON, or right after a title
        run: list = []
        for w in [*sent.words, None]:
            if w is not None and w.upos == "PROPN" and w.text[:1].isupper():
                run.append(w)
                continue
            if len(run) >= 2:
                before = sent.word(run[0].index - 1) if run[0].index > 1 else None
                titled = before is not None and (
                    before.lemma.lower() in _ROLE_CACHE.get("roles", ()) or before.text.rstrip(".") in TITLES
                )
                if any(x.ner.endswith("PERSON") for x in run) or titled:
                    out.add(run[-1].text)
            run = []
        for w in sent.words:
            if w.upos != "PROPN" or w.deprel in ("flat", "compound", "flat:name"):
                continue
            parts = [w] + [
                c
                for c in sent.words
                if c.head == w.index and c.upos == "PROPN" and c.deprel in ("flat", "flat:name", "compound")
            ]
            titled = any(c.head == w.index and c.text.rstrip(".") in TITLES for c in sent.words)
            if len(parts) < 2 and not titled:
                continue  # a lone word (even tagged PERSON) does not introduce anyone
            if any(c.lemma.lower() == "the" for c in sent.words if c.head == w.index and c.deprel == "det"):
                continue
            if w.ner[2:] in ORG_TYPES:
                continue
            out.add(max(parts, key=lambda p: p.index).text)
    return frozenset(out)


def _role(text: str, sent: Sentence, head: int, words: list[int], lex: Lexicon) -> tuple[str | None, str | None]:
    """Role/title and affiliation, read off the surface around the first role noun of
    the mention: "foreign ministry spokeswoman Mao Ning" -> ("foreign ministry
    spokeswoman", "foreign ministry"); "Syed Muhammad Ali, an Islamabad-based
    independent security analyst" -> ("Islamabad-based independent security
    analyst", None); "spokesman for the ministry" -> ("spokesman", "the ministry")."""
    inside = sorted(words)
    role_at = next((i for i in inside if _is_role(sent.word(i), lex)), None)
    if role_at is None:
        return None, None
    pos = inside.index(role_at)
    # "police officials", "police spokesman": the role is the last noun of the compound
    while pos + 1 < len(inside) and inside[pos + 1] == role_at + 1:
        nxt = sent.word(role_at + 1)
        if nxt.upos != "NOUN" or not nxt.text[:1].islower():
            break
        pos, role_at = pos + 1, role_at + 1
    left: list[int] = []
    for i in reversed(inside[:pos]):
        w = sent.word(i)
        if i != (left[0] if left else role_at) - 1:
            break
        modifier = w.upos in ("ADJ", "NOUN", "PROPN", "VERB") or w.text in ("-", "\u2013")
        if not modifier or to_count(w.text) is not None or _capitalised_name(sent, w):
            break
        left.insert(0, i)
    while left and sent.word(left[0]).text in ("-", "\u2013"):
        left.pop(0)
    role = tree.span(text, sent, [*left, role_at])
    affiliation = None
    orgs = [i for i in left if sent.word(i).lemma.lower() in lex["organization_nouns"]]
    if orgs:
        affiliation = tree.span(text, sent, [i for i in left if i <= orgs[-1]])
    elif left and sent.word(left[-1]).upos == "PROPN":
        run = [i for i in left if sent.word(i).upos == "PROPN"]
        affiliation = tree.span(text, sent, run)
    else:
        after = [i for i in inside[pos + 1 :]]
        if after and sent.word(after[0]).lemma.lower() in ("for", "of", "at", "with"):
            rest: list[int] = []
            for i in after[1:]:
                if sent.word(i).text in (",", ";", "(") or (rest and i != rest[-1] + 1):
                    break
                rest.append(i)
            affiliation = tree.span(text, sent, rest) if rest else None
    return (role.text if role else None), (affiliation.text if affiliation else None)


def _is_role(word, lex: Lexicon) -> bool:
    return word.lemma.lower() in lex["role_nouns"] or word.text.lower().rstrip(".") in lex["role_nouns"]


def _capitalised_name(sent: Sentence, word) -> bool:
    """A name word (capitalised PROPN not opening the sentence), which ends a role's modifiers."""
    return word.upos == "PROPN" and word.text[:1].isupper() and word.index != 1 and word.ner[2:] == "PERSON"
