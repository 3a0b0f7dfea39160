"""How a participant's search meets a training's words: whatever their keyboard (accents or
not, capitals or not, "oe" for "œ"), whatever punctuation the partner used."""

import pytest

from shared.contract.text import fold
from shared.rules.search_terms import MAX_QUERY_TERMS, MAX_TERM_CHARS, MAX_TERMS, query_terms, terms_of


def finds(q: str, *texts: str) -> bool:
    """What the database does with `{"search_terms": {"$all": query_terms(q)}}`."""
    return set(query_terms(q)) <= set(terms_of(*texts))


def test_a_query_without_accents_finds_the_french_title():
    assert finds("francais", "Français langue étrangère")
    assert finds("FRANÇAIS ETRANGERE", "Français langue étrangère")


def test_a_query_with_accents_finds_a_title_written_without_them():
    assert finds("numérique", "Competences numerique")


def test_every_word_of_the_query_is_required():
    assert not finds("francais cuisine", "Français langue étrangère")
    assert finds("langue francais", "Français langue étrangère")  # in any order


@pytest.mark.parametrize("q, text", [
    ("strasse", "Straße"), ("Straße", "STRASSE"),       # ß casefolds to ss
    ("oeuvre", "Œuvre sociale"), ("cœur", "coeur"),      # ligatures as their two letters
    ("aequo", "ex æquo"), ("lodz", "Łódź"),
    ("fin", "ﬁn"), ("word", "ＷＯＲＤ"),                   # compatibility forms made plain
])
def test_letters_are_compared_as_they_are_typed_on_any_keyboard(q, text):
    assert finds(q, text)


def test_apostrophes_separate_words_and_elisions_drop_out():
    assert terms_of("L'intégration d’un public") == ["integration", "public", "un"]
    assert finds("integration", "L'intégration des femmes")
    assert finds("l'intégration", "Intégration des femmes")


def test_a_hyphenated_word_is_found_by_its_parts_and_by_its_one_word_spelling():
    assert terms_of("socio-professionnelle") == ["professionnelle", "socio", "socioprofessionnelle"]
    assert finds("socioprofessionnelle", "Insertion socio-professionnelle")
    assert finds("socio-professionnelle", "Insertion socioprofessionnelle")
    assert finds("professionnelle", "Insertion socio-professionnelle")
    assert query_terms("socio-professionnelle") == ["socioprofessionnelle"]


def test_e_mail_and_email_find_each_other():
    assert terms_of("e-mail") == ["email", "mail"]
    assert finds("email", "Écrire un e-mail")
    assert finds("e-mail", "Écrire un email")
    assert finds("E\u2011mail", "Écrire un email")  # a non-breaking hyphen is a hyphen


def test_other_punctuation_only_separates_words():
    text = "Bureautique (Word, Excel…)! Tableurs/graphiques; «débutantes» — niveau_1"
    assert terms_of(text) == ["bureautique", "debutantes", "excel", "graphiques", "niveau",
                              "tableurs", "word"]


def test_digits_are_words_and_written_the_same_in_every_script():
    assert finds("a1 2024", "Niveau A1, session 2024")
    assert finds("2024", "دورة ٢٠٢٤")
    assert terms_of("Covid-19") == ["19", "covid", "covid19"]


def test_words_of_other_scripts_are_kept_and_found_without_their_vowel_marks():
    assert terms_of("تدريب مهني") == ["تدريب", "مهني"]
    assert finds("تدريب", "تَدْرِيب مهني")


def test_invisible_formatting_characters_neither_split_nor_hide_a_word():
    assert terms_of("numé\u00adrique") == ["numerique"]        # soft hyphen
    assert terms_of("\u200fتدريب\u200f") == ["تدريب"]          # right-to-left marks


def test_a_blank_query_or_one_of_single_letters_requires_nothing():
    assert query_terms("") == query_terms("   ") == []
    assert query_terms("l' d' - ? à") == []


def test_terms_are_sorted_and_unique():
    assert terms_of("Santé", "sante SANTÉ", "santé") == ["sante"]
    assert query_terms("Zinc ZINC abc") == ["abc", "zinc"]


def test_a_training_keeps_a_bounded_number_of_terms_the_first_ones_met():
    description = " ".join(f"mot{n}" for n in range(2 * MAX_TERMS))
    terms = terms_of("Français langue étrangère", description)
    assert len(terms) == MAX_TERMS
    assert {"francais", "langue", "etrangere", "mot0"} <= set(terms)
    assert f"mot{MAX_TERMS}" not in terms


def test_a_long_word_is_cut_the_same_way_on_both_sides():
    word = "a" * (MAX_TERM_CHARS * 3)
    assert terms_of(word) == query_terms(word) == ["a" * MAX_TERM_CHARS]


def test_a_query_asks_for_a_bounded_number_of_words():
    assert len(query_terms(" ".join(f"mot{n}" for n in range(100)))) == MAX_QUERY_TERMS


def test_folding_drops_case_accents_and_compatibility_forms():
    assert fold("Œuvre Numérique STRASSE İstanbul 𝐀") == "oeuvre numerique strasse istanbul a"
