#!/usr/bin/env python3
"""Golden vectors of zicht's identifier encoding, computed independently of the C++ code.

Re-implements, from docs/privacy.md and the comments of include/zicht/privacy/*.hpp, what
IdentifierEncoder::Encode writes: HKDF-SHA256 key derivation per purpose (RFC 5869, salt
"zicht-v1"), name normalisation (NFKD, case folding, marks removed, the Latin fallbacks,
punctuation to spaces), tokens, particles, keyed hashes truncated to 16 bytes, the given-name
variant groups, date parts, and the Bloom-filter positions of padded bigrams (random
hashing: HMAC of the bigram's UTF-8 bytes and a block counter byte, eight little-endian
32-bit words per MAC, each modulo the filter length). Python 3.11 standard library only.

Writes the vectors file to standard output:

    python3 tests/privacy/golden/compute_vectors.py > tests/privacy/golden/encoding_v2.txt

The inputs below are invented test values, no real person's; the key is a fixed test
pattern, never a real key. Run it only for a new encoding version: the file of a released
version must not change (tests/privacy/encoding_golden_test.cpp).
"""

import hashlib
import hmac
import tomllib
import unicodedata

VERSION = 2
KEY = bytes(range(0x00, 0x20))  # 000102...1f: a test pattern
SALT = b"zicht-v1"

# A small lexicon of given-name variants, so that the vectors pin how the encoder uses a
# lexicon and not the contents of config/name_variants.toml (whose edits a store catches
# through NameVariants::Sha256, not through the encoding version).
LEXICON = [
    "Oleksandr, Олександр, Sasha, Aleksandr",
    "Samuel, Sam, Sammy",
    "Samantha, Sam, Sammie",
    "Zoe, Zoey, Zoi",
    "José, Pepe, Josep",
]

RECORDS = [
    # Diacritics in the given name, a Dutch particle pair, a date whose day and month can
    # be swapped, an id with punctuation, a phone with the 00 prefix, an e-mail in capitals.
    dict(bits=1024, k=20, given_name="Zoë Testa", family_name="van der Placeholder",
         date_of_birth="1987-03-04", personal_id="xx.00.00-test", phone="0099 9 555-0100",
         email="Zoe.Testa@Example.INVALID"),
    # A decomposed capital E with a combining acute, an umlaut, the fallback letter Ł,
    # an apostrophe particle, a date that cannot be swapped, full-width id and phone, an
    # e-mail with a non-ASCII capital.
    dict(bits=1024, k=20, given_name="JOSE\u0301 Dümmy", family_name="d'Łorem Ipsum",
         date_of_birth="1990-12-25", personal_id="ＡＢ１２３",
         phone="＋９９ ２０ ０００ ０１００", email="ÉMILE.Test@Example.invalid"),
    # A family name of particles only keeps them; everything else missing.
    dict(bits=1024, k=20, given_name="", family_name="De", date_of_birth="",
         personal_id="", phone="", email=""),
    # Cyrillic, a token in two groups, a date equal to its swap, a filter length that is
    # not a power of two and more hash functions than one MAC gives.
    dict(bits=960, k=9, given_name="ОЛЕКСАНДР Sam Sam", family_name="Şahin-Testkaya",
         date_of_birth="2001-10-10", personal_id="./-", phone="no digits", email=""),
]


def hkdf(ikm, salt, info, length=32):
    prk = hmac.new(salt, ikm, hashlib.sha256).digest()
    out, block, counter = b"", b"", 1
    while len(out) < length:
        block = hmac.new(prk, block + info + bytes([counter]), hashlib.sha256).digest()
        out += block
        counter += 1
    return out[:length]


def derive(purpose):
    return hkdf(KEY, SALT, purpose.encode())


def mac(purpose, value):
    return hmac.new(derive(purpose), value.encode(), hashlib.sha256).digest()


def keyed(purpose, value):
    return mac("hmac/" + purpose, value)[:16]


# -- normalisation (docs/privacy.md, "Normalisation") ----------------------------------

LATIN = {"ß": "ss", "æ": "ae", "ð": "d", "ø": "o", "þ": "th", "đ": "d", "ħ": "h", "ı": "i",
         "ł": "l", "œ": "oe", "ŧ": "t"}
KEEP = {"Lu", "Ll", "Lt", "Lm", "Lo", "Nd", "Nl", "No"}
SEPARATE = {"Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "Sm", "Sc", "Sk", "So", "Zs", "Zl",
            "Zp", "Cc"}


def compat_fold(text):
    # NFKD, case folding, NFKD again (Unicode 15, section 3.13, compatibility caseless
    # matching), then marks removed.
    folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    return "".join(c for c in folded if unicodedata.category(c) not in ("Mn", "Mc", "Me"))


def normalise_name(name):
    out = []
    for c in compat_fold(name):
        if c in LATIN:
            out.append(LATIN[c])
            continue
        category = unicodedata.category(c)
        if category in KEEP:
            out.append(c)
        elif category in SEPARATE:
            if out and out[-1] != " ":
                out.append(" ")
        # format characters, unassigned, private use: dropped
    return "".join(out).strip(" ")


def tokens(normalised):
    return [t for t in normalised.split(" ") if t]


def distinct(items):
    out = []
    for item in items:
        if item not in out:
            out.append(item)
    return out


PARTICLES = set("""aan abou abu af ait al am av ben bij bin bint d da das de degli dei del
dela della delle dello den der des di do dos du e el het ibn im in l la las le les los onder
op ould over s t te ten ter tot uijt uit und v van vande vanden vander vd vom von voor y zu
zum zur""".split())


def without_particles(toks):
    kept = [t for t in toks if t not in PARTICLES]
    return kept if kept else toks


def normalise_id(text):
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c.upper() for c in decomposed
                   if unicodedata.category(c) in KEEP)


def normalise_phone(text):
    text = unicodedata.normalize("NFKD", text)
    digits, plus = "", False
    for c in text:
        if "0" <= c <= "9":
            digits += c
        elif c == "+" and not digits:
            plus = True
    if not digits:
        return ""
    if not plus and len(digits) > 2 and digits.startswith("00"):
        plus, digits = True, digits[2:]
    return "+" + digits if plus else digits


def normalise_email(text):
    text = text.strip(" \t\r\n\v\f")
    return "".join(c.lower() for c in unicodedata.normalize("NFC", text))


# -- variant groups ----------------------------------------------------------------------

def groups_of():
    result = {}
    for group in tomllib.loads("groups = [%s]" % ", ".join('"%s"' % g for g in LEXICON))["groups"]:
        members = [tokens(normalise_name(m.strip()))[0] for m in group.split(",")]
        for member in members:
            result.setdefault(member, set()).add(members[0])
    return result


# -- Bloom filters -----------------------------------------------------------------------

def bloom(field, toks, bits, k):
    if not toks:
        return []
    key = derive("bloom/" + field)
    positions = set()
    for token in toks:
        padded = "_" + token + "_"
        for first, second in zip(padded, padded[1:]):
            message = (first + second).encode()
            drawn, block = [], 0
            while len(drawn) < k:
                m = hmac.new(key, message + bytes([block]), hashlib.sha256).digest()
                for i in range(0, 32, 4):
                    if len(drawn) < k:
                        drawn.append(int.from_bytes(m[i:i + 4], "little") % bits)
                block += 1
            positions.update(drawn)
    return sorted(positions)


def iso_swap(date):
    year, month, day = (int(p) for p in date.split("-"))
    if day == month or day > 12:
        return None
    # Valid and different: with the month at most 12, the swapped day is valid when the
    # original month fits the new month's length.
    lengths = [31, 29 if (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)) else 28,
               31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    if month > lengths[day - 1]:
        return None
    return "%04d-%02d-%02d" % (year, day, month)


def encode(record):
    hexes = lambda digests: " ".join(d.hex() for d in digests)
    out = {}
    given = distinct(tokens(normalise_name(record["given_name"])))
    family = distinct(tokens(normalise_name(record["family_name"])))
    out["given_name_tokens"] = hexes(keyed("name_token", t) for t in given)
    lexicon = groups_of()
    ids = sorted({i for t in given for i in lexicon.get(t, ())}, key=lambda s: s.encode())
    out["given_name_variants"] = hexes(sorted(keyed("name_variant", i) for i in ids))
    out["family_name_tokens"] = hexes(keyed("name_token", t) for t in family)
    everything = sorted(given + family, key=lambda s: s.encode())
    out["full_name"] = keyed("full_name", " ".join(everything)).hex() if everything else ""
    date = record["date_of_birth"]
    for name in ("date_of_birth", "date_of_birth_swapped", "dob_month_day", "dob_year_month",
                 "dob_year_day"):
        out[name] = ""
    if date:
        year, month, day = date.split("-")
        out["date_of_birth"] = keyed("dob", date).hex()
        swapped = iso_swap(date)
        out["date_of_birth_swapped"] = keyed("dob", swapped).hex() if swapped else ""
        out["dob_month_day"] = keyed("dob", "--%s-%s" % (month, day)).hex()
        out["dob_year_month"] = keyed("dob", "%s-%s" % (year, month)).hex()
        out["dob_year_day"] = keyed("dob", "%s---%s" % (year, day)).hex()
    for name, normalise in (("personal_id", normalise_id), ("phone", normalise_phone),
                            ("email", normalise_email)):
        value = normalise(record[name])
        out[name] = keyed(name, value).hex() if value else ""
    k, bits = record["k"], record["bits"]
    out["given_name_bloom"] = " ".join(map(str, bloom("given", given, bits, k)))
    out["family_name_bloom"] = " ".join(
        map(str, bloom("family", without_particles(family), bits, k)))
    return out


PURPOSES = ["hmac/name_token", "hmac/name_variant", "hmac/full_name", "hmac/dob",
            "hmac/personal_id", "hmac/phone", "hmac/email", "bloom/given", "bloom/family",
            "fingerprint"]


def main():
    print("# Golden vectors of identifier encoding version %d (kEncodingVersion in" % VERSION)
    print("# include/zicht/privacy/encoder.hpp), written by compute_vectors.py beside this file,")
    print("# an independent re-implementation in Python of docs/privacy.md; checked by")
    print("# tests/privacy/encoding_golden_test.cpp. Never edit a released version's file: an")
    print("# encoding that no longer matches it needs a new version and a new file.")
    print("#")
    print("# The key is a fixed test pattern and every input is invented (no real person).")
    print("# The variant groups come from the small lexicon below, not from")
    print("# config/name_variants.toml, whose contents a store tracks by its SHA-256.")
    print("# Not pinned here: normalisation of scripts and characters beyond those used below")
    print("# (normalise_test.cpp holds the rules), and the built-in lexicon's contents.")
    print("#")
    print("# Format: `name = value`, the value to the end of the line. in.* are the clear")
    print("# inputs of a record, out.* the expected encodings: keyed hashes in hex, lists of")
    print("# them separated by spaces, an empty value for an absent encoding, and Bloom filters")
    print("# as their set bit positions in increasing order.")
    print("version = %d" % VERSION)
    print("key = %s" % KEY.hex())
    for purpose in PURPOSES:
        derived = derive(purpose)
        if purpose == "fingerprint":
            print("fingerprint = %s" % derived[:8].hex())
        else:
            print("derive %s = %s" % (purpose, derived.hex()))
    for group in LEXICON:
        print("lexicon = %s" % group)
    for number, record in enumerate(RECORDS, 1):
        print()
        print("record = %d" % number)
        print("in.bloom_bits = %d" % record["bits"])
        print("in.bloom_hash_functions = %d" % record["k"])
        for name in ("given_name", "family_name", "date_of_birth", "personal_id", "phone",
                     "email"):
            print(("in.%s = %s" % (name, record[name])).rstrip(" "))
        for name, value in encode(record).items():
            print(("out.%s = %s" % (name, value)).rstrip(" "))


if __name__ == "__main__":
    main()
