"""The identifiers other systems know our records by (RNSR, ROR, SIREN, SIRET, UAI, FINESS,
Wikidata): how each is written, checked and linked to its registry, in one place.

Each model field holding one is an IdentifierField naming its scheme: the field stores the
identifier in its compact form (spaces, dashes and a pasted registry link dropped), and
refuses a value whose pattern or check character is wrong, with a message saying what a
valid one looks like. python-stdnum checks SIREN and SIRET; ROR, UAI and FINESS check
characters are computed here (stdnum has no module for them).
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache, reduce
from operator import or_

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from stdnum import luhn
from stdnum.fr import siren, siret
from stdnum.iso7064 import mod_97_10

CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz"
UAI_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"  # 23 letters: no I, O or Q


def _ror_valid(value: str) -> bool:
    """0, six characters of Crockford base 32, then two check digits (ISO 7064 mod 97-10
    of the number the first seven characters write in base 32)."""
    if not re.fullmatch(r"0[0-9a-hjkmnp-tv-z]{6}[0-9]{2}", value):
        return False
    number = 0
    for character in value[:7]:
        number = number * 32 + CROCKFORD.index(character)
    return mod_97_10.calc_check_digits(str(number)) == value[7:]


def _uai_valid(value: str) -> bool:
    """Seven characters (the département's three, then four digits) and a check letter:
    the seven digits modulo 23, as one of the 23 letters that are not I, O or Q. Corsica's
    codes (02A, 02B) have no number to take the modulo of: their pattern alone is checked."""
    if not re.fullmatch(r"(\d{3}|02[AB])\d{4}[A-Z]", value):
        return False
    return not value[:7].isdigit() or UAI_LETTERS[int(value[:7]) % 23] == value[7]


def _finess_valid(value: str) -> bool:
    """Nine characters, the département's two first (2A, 2B in Corsica), the last a Luhn
    check digit (of the digits alone, so Corsican numbers are checked on their pattern)."""
    if not re.fullmatch(r"(\d{2}|2[AB])\d{7}", value):
        return False
    return not value.isdigit() or luhn.is_valid(value)


def _drop(*prefixes: str) -> Callable[[str], str]:
    """A compact() that drops spaces, dots and dashes and any of `prefixes` (a pasted link)."""

    def compact(value: str) -> str:
        value = value.strip()
        for prefix in prefixes:
            if value.lower().startswith(prefix):
                value = value[len(prefix) :]
        return re.sub(r"[\s.\-]", "", value)

    return compact


@dataclass(frozen=True)
class Scheme:
    key: str  # as the lookup API and the exports name it
    label: str  # how people name it
    max_length: int  # of the compact form
    compact: Callable[[str], str]
    is_valid: Callable[[str], bool]
    message: str  # what a valid one looks like
    url: str  # its registry page, {} the identifier ("" if it has none we can link to)

    def link(self, value: str) -> str:
        return self.url.format(value) if value and self.url else ""

    def clean(self, text: str) -> str:
        """`text` in compact form, its registry's link dropped if it was pasted whole."""
        text = text.strip()
        if self.url:
            before, _, after = self.url.partition("{}")
            address = re.escape(re.sub(r"^https?://(www\.)?", "", before))
            pasted = re.fullmatch(rf"(?:https?://)?(?:www\.)?{address}(.+?){re.escape(after)}/?", text, re.IGNORECASE)
            if pasted:
                text = pasted[1]
        return self.compact(text)

    def read(self, text: str) -> str | None:
        """`text` as this scheme's compact identifier, or None if it is not a valid one."""
        value = self.clean(text)
        return value if value and self.is_valid(value) else None

    def __call__(self, value: str) -> None:
        """The field's validator."""
        if value and not self.is_valid(value):
            raise ValidationError(self.message, code="invalid_" + self.key)


SCHEMES = {
    scheme.key: scheme
    for scheme in (
        Scheme(
            "rnsr",
            "RNSR",
            10,
            lambda value: _drop()(value).upper(),
            lambda value: bool(re.fullmatch(r"\d{9}[A-Z]", value)),
            _("An RNSR number is 9 digits followed by a capital letter, e.g. 200818283W."),
            "https://appliweb.dgri.education.fr/rnsr/PresenteStruct.jsp?numNatStruct={}",
        ),
        Scheme(
            "ror",
            "ROR",
            9,
            lambda value: _drop("https://ror.org/", "http://ror.org/", "ror.org/")(value).lower(),
            _ror_valid,
            _(
                "A ROR ID is 0, six letters or digits and two check digits, e.g. 02vjkv261 "
                "(without https://ror.org/); check it on ror.org."
            ),
            "https://ror.org/{}",
        ),
        Scheme(
            "siren",
            "SIREN",
            9,
            lambda value: siren.compact(_drop()(value)),
            siren.is_valid,
            _("A SIREN number is 9 digits whose last is a check digit, e.g. 180036048."),
            "https://annuaire-entreprises.data.gouv.fr/entreprise/{}",
        ),
        Scheme(
            "siret",
            "SIRET",
            14,
            lambda value: siret.compact(_drop()(value)),
            siret.is_valid,
            _("A SIRET number is 14 digits (the SIREN, then 5 for the establishment), e.g. 18003604800015."),
            "https://annuaire-entreprises.data.gouv.fr/etablissement/{}",
        ),
        Scheme(
            "uai",
            "UAI",
            8,
            lambda value: _drop()(value).upper(),
            _uai_valid,
            _("A UAI is 7 digits and a check letter, e.g. 0755976N."),
            "https://data.enseignementsup-recherche.gouv.fr/explore/dataset/fr-esr-principaux-etablissements-enseignement-superieur/table/?q=uai%3D{}",
        ),
        Scheme(
            "finess",
            "FINESS",
            9,
            lambda value: _drop()(value).upper(),
            _finess_valid,
            _("A FINESS number is 9 characters whose last is a check digit, e.g. 750100208."),
            "https://finess.esante.gouv.fr/fininter/jsp/actionDetailEtablissement.do?noFiness={}",
        ),
        Scheme(
            "wikidata",
            "Wikidata",
            12,
            lambda value: _drop("https://www.wikidata.org/wiki/", "http://www.wikidata.org/wiki/")(value).upper(),
            lambda value: bool(re.fullmatch(r"Q[1-9]\d{0,10}", value)),
            _("A Wikidata item is Q followed by digits, e.g. Q1665153."),
            "https://www.wikidata.org/wiki/{}",
        ),
    )
}


class IdentifierField(models.CharField):
    """An identifier of scheme `scheme` (a key of SCHEMES): optional, stored compact,
    checked by the scheme. Forms accept a longer value, for a pasted registry link."""

    def __init__(self, *args, scheme: str, **kwargs):
        self.scheme = SCHEMES[scheme]
        kwargs.setdefault("max_length", self.scheme.max_length)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)
        # The scheme's pattern bounds the length: its message says more than "at most 9 characters".
        self.validators[:] = [v for v in self.validators if not isinstance(v, MaxLengthValidator)] + [self.scheme]

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["scheme"] = self.scheme.key
        return name, path, args, kwargs

    def to_python(self, value):
        value = super().to_python(value)
        return self.scheme.clean(value) if value else value

    def pre_save(self, model_instance, add):
        # Values set in code (imports, the API, the seed) are stored compact too.
        value = self.to_python(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value

    def formfield(self, **kwargs):
        return super().formfield(**{**kwargs, "max_length": 60})  # room to paste the full link


# --- Reading an identifier typed or pasted anywhere (searches, the lookup API) -------------

LONGEST_TYPED = 120  # a registry link with its identifier; anything longer is not one


def named_scheme(text: str) -> tuple[Scheme | None, str]:
    """The scheme `text` names before a colon ("ror:02vjkv261", "SIREN: 180036048"), and
    the rest; (None, text) when it names none (a bare value, a link)."""
    key, colon, rest = text.strip().partition(":")
    scheme = SCHEMES.get(key.strip().lower()) if colon else None
    return (scheme, rest) if scheme else (None, text)


@lru_cache(maxsize=4096)
def candidates(text: str) -> tuple[tuple[Scheme, str], ...]:
    """The identifiers `text` may be, as (scheme, compact value): that of the scheme it names
    (ror:02vjkv261), else every scheme it is a valid value or registry link of. A bare
    9-digit number may be a SIREN and a FINESS number at once (both end with a Luhn check
    digit): both are returned. Kept for the texts last asked: each search box query asks it
    once a kind of record, and each scheme tries its patterns."""
    if not text or len(text) > LONGEST_TYPED or "\x00" in text:
        return ()
    named, rest = named_scheme(text)
    return tuple((scheme, value) for scheme in ([named] if named else SCHEMES.values()) if (value := scheme.read(rest)))


def identifier_fields(model) -> list["IdentifierField"]:
    return [field for field in model._meta.concrete_fields if isinstance(field, IdentifierField)]


def matching(model, text: str) -> Q | None:
    """The condition "one of the record's identifiers is `text`" for `model`'s records, or
    None if `text` is no identifier such a record has: searches add it to their own."""
    found = candidates(text)
    conditions = [
        Q(**{field.name: value})
        for field in identifier_fields(model)
        for scheme, value in found
        if field.scheme.key == scheme.key
    ]
    return reduce(or_, conditions) if conditions else None


@dataclass(frozen=True)
class Identifier:
    """One identifier of a record, as pages, exports and JSON-LD show it."""

    scheme: Scheme
    label: str  # its field's name, in the page's language
    value: str

    @property
    def url(self) -> str:
        return self.scheme.link(self.value)


def identifiers_of(record) -> list[Identifier]:
    """The identifiers `record` has, in the order of its fields."""
    return [
        Identifier(field.scheme, capfirst(field.verbose_name), value)
        for field in identifier_fields(type(record))
        if (value := getattr(record, field.attname))
    ]
