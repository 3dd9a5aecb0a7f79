"""Writes the sample catalog (sample-default-cards.json, sample-sets.json) in Scryfall's format.

Real cards, sets and collector numbers, typed from memory: the well-known ones (Lightning Bolt
M10 146, Delver of Secrets ISD 51, Glissa Sunslayer ONE 202/318, ...) are right, and some
collector numbers of the filler cards may differ from Scryfall's. Only the fields the catalog
loader reads are written. Run it from the repository root after editing the tables:

    .venv/bin/python cards/data/make_sample_catalog.py
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent

# code, name, released_at, set_type (digital sets are in Scryfall's list too, flagged).
SETS = """
lea|Limited Edition Alpha|1993-08-05|core
arn|Arabian Nights|1993-12-17|expansion
ice|Ice Age|1995-06-03|expansion
all|Alliances|1996-06-10|expansion
tmp|Tempest|1997-10-14|expansion
usg|Urza's Saga|1998-10-12|expansion
7ed|Seventh Edition|2001-04-11|core
apc|Apocalypse|2001-06-04|expansion
rav|Ravnica: City of Guilds|2005-10-07|expansion
csp|Coldsnap|2006-07-21|expansion
10e|Tenth Edition|2007-07-13|core
lrw|Lorwyn|2007-10-12|expansion
eve|Eventide|2008-07-25|expansion
m10|Magic 2010|2009-07-17|core
zen|Zendikar|2009-10-02|expansion
m11|Magic 2011|2010-07-16|core
isd|Innistrad|2011-09-30|expansion
dka|Dark Ascension|2012-02-03|expansion
rtr|Return to Ravnica|2012-10-05|expansion
ktk|Khans of Tarkir|2014-09-26|expansion
mm3|Modern Masters 2017|2017-03-17|masters
akh|Amonkhet|2017-04-28|expansion
a25|Masters 25|2018-03-16|masters
dom|Dominaria|2018-04-27|expansion
m19|Core Set 2019|2018-07-13|core
grn|Guilds of Ravnica|2018-10-05|expansion
war|War of the Spark|2019-05-03|expansion
eld|Throne of Eldraine|2019-10-04|expansion
jmp|Jumpstart|2020-07-17|draft_innovation
2xm|Double Masters|2020-08-07|masters
plst|The List|2020-09-26|memorabilia
cmr|Commander Legends|2020-11-20|draft_innovation
c21|Commander 2021|2021-04-23|commander
sta|Strixhaven Mystical Archive|2021-04-23|masterpiece
mh2|Modern Horizons 2|2021-06-18|draft_innovation
neo|Kamigawa: Neon Dynasty|2022-02-18|expansion
dmu|Dominaria United|2022-09-09|expansion
dmr|Dominaria Remastered|2023-01-13|masters
one|Phyrexia: All Will Be One|2023-02-03|expansion
pone|Phyrexia: All Will Be One Promos|2023-02-03|promo
tone|Phyrexia: All Will Be One Tokens|2023-02-03|token
aone|Phyrexia: All Will Be One Art Series|2023-02-03|memorabilia
clu|Ravnica: Clue Edition|2024-02-23|draft_innovation
m21|Core Set 2021|2020-07-03|core
mid|Innistrad: Midnight Hunt|2021-09-24|expansion
vow|Innistrad: Crimson Vow|2021-11-19|expansion
snc|Streets of New Capenna|2022-04-29|expansion
ltr|The Lord of the Rings: Tales of Middle-earth|2023-06-23|expansion
woe|Wilds of Eldraine|2023-09-08|expansion
lci|The Lost Caverns of Ixalan|2023-11-17|expansion
blb|Bloomburrow|2024-08-02|expansion
fdn|Foundations|2024-11-15|core
fca|Final Fantasy: Through the Ages|2025-06-13|masterpiece
"""
DIGITAL_SETS = """
prm|Magic Online Promos|2002-05-25|promo
ana|Arena New Player Experience|2018-07-14|starter
"""

# Multi-faced cards: layout and face names.
FACES = {
    "Fire // Ice": ("split", ["Fire", "Ice"]),
    "Life // Death": ("split", ["Life", "Death"]),
    "Spite // Malice": ("split", ["Spite", "Malice"]),
    "Commit // Memory": ("aftermath", ["Commit", "Memory"]),
    "Never // Return": ("aftermath", ["Never", "Return"]),
    "Cut // Ribbons": ("aftermath", ["Cut", "Ribbons"]),
    "Expansion // Explosion": ("split", ["Expansion", "Explosion"]),
    "Find // Finality": ("split", ["Find", "Finality"]),
    "Discovery // Dispersal": ("split", ["Discovery", "Dispersal"]),
    "Delver of Secrets // Insectile Aberration": ("transform", ["Delver of Secrets", "Insectile Aberration"]),
    "Garruk Relentless // Garruk, the Veil-Cursed": ("transform", ["Garruk Relentless", "Garruk, the Veil-Cursed"]),
    "Bloodline Keeper // Lord of Lineage": ("transform", ["Bloodline Keeper", "Lord of Lineage"]),
    "Mayor of Avabruck // Howlpack Alpha": ("transform", ["Mayor of Avabruck", "Howlpack Alpha"]),
    "Huntmaster of the Fells // Ravager of the Fells": ("transform", ["Huntmaster of the Fells", "Ravager of the Fells"]),
    "Brazen Borrower // Petty Theft": ("adventure", ["Brazen Borrower", "Petty Theft"]),
    "Bonecrusher Giant // Stomp": ("adventure", ["Bonecrusher Giant", "Stomp"]),
    "Murderous Rider // Swift End": ("adventure", ["Murderous Rider", "Swift End"]),
    "Lovestruck Beast // Heart's Desire": ("adventure", ["Lovestruck Beast", "Heart's Desire"]),
    "Fable of the Mirror-Breaker // Reflection of Kiki-Jiki": ("transform", ["Fable of the Mirror-Breaker", "Reflection of Kiki-Jiki"]),
    "Tovolar, Dire Overlord // Tovolar, the Midnight Scourge": ("transform", ["Tovolar, Dire Overlord", "Tovolar, the Midnight Scourge"]),
    "Smoldering Egg // Ashmouth Dragon": ("transform", ["Smoldering Egg", "Ashmouth Dragon"]),
    "Wedding Announcement // Wedding Festivity": ("transform", ["Wedding Announcement", "Wedding Festivity"]),
    "Edgar, Charmed Groom // Edgar Markov's Coffin": ("transform", ["Edgar, Charmed Groom", "Edgar Markov's Coffin"]),
    "Virtue of Loyalty // Ardenvale Fealty": ("adventure", ["Virtue of Loyalty", "Ardenvale Fealty"]),
    "Virtue of Knowledge // Vantress Visions": ("adventure", ["Virtue of Knowledge", "Vantress Visions"]),
    "Virtue of Persistence // Locthwain Scorn": ("adventure", ["Virtue of Persistence", "Locthwain Scorn"]),
    "Virtue of Courage // Embereth Blaze": ("adventure", ["Virtue of Courage", "Embereth Blaze"]),
    "Virtue of Strength // Garenbrig Bounty": ("adventure", ["Virtue of Strength", "Garenbrig Bounty"]),
    "Mosswood Dreadknight // Dread Whispers": ("adventure", ["Mosswood Dreadknight", "Dread Whispers"]),
    "Ojer Taq, Deepest Foundation // Temple of Civilization": ("transform", ["Ojer Taq, Deepest Foundation", "Temple of Civilization"]),
    "Ojer Pakpatiq, Deepest Epoch // Temple of Cyclical Time": ("transform", ["Ojer Pakpatiq, Deepest Epoch", "Temple of Cyclical Time"]),
    "Ojer Axonil, Deepest Might // Temple of Power": ("transform", ["Ojer Axonil, Deepest Might", "Temple of Power"]),
    "Ojer Kaslem, Deepest Growth // Temple of Cultivation": ("transform", ["Ojer Kaslem, Deepest Growth", "Temple of Cultivation"]),
}

# Finishes: n = nonfoil, f = foil, e = etched.
PRINTINGS = {
    "lea": ("n", """
        4 Balance
        38 Savannah Lions
        39 Serra Angel
        40 Swords to Plowshares
        46 Wrath of God
        47 Ancestral Recall
        54 Counterspell
        84 Time Walk
        85 Timetwister
        98 Dark Ritual
        102 Demonic Tutor
        111 Hypnotic Specter
        118 Royal Assassin
        125 Sengir Vampire
        150 Fireball
        161 Lightning Bolt
        174 Shivan Dragon
        188 Wheel of Fortune
        190 Birds of Paradise
        198 Giant Growth
        210 Llanowar Elves
        233 Black Lotus
        249 Juggernaut
        258 Mox Emerald
        259 Mox Jet
        260 Mox Pearl
        261 Mox Ruby
        262 Mox Sapphire
        270 Sol Ring
    """),
    "arn": ("n", """
        12 Dandân
        30 Junún Efreet
        47 Ghazbán Ogre
        50 Ifh-Bíff Efreet
        71 Bazaar of Baghdad
        80 Library of Alexandria
    """),
    "ice": ("n", """
        54 Swords to Plowshares
        61 Brainstorm
        64 Counterspell
        120 Dark Ritual
        199 Márton Stromgald
        293 Lim-Dûl the Necromancer
    """),
    "all": ("n", """
        42 Force of Will
        192 Lim-Dûl's Vault
    """),
    "tmp": ("n", """
        57 Counterspell
        135 Living Death
        294 Lotus Petal
        330 Wasteland
    """),
    "usg": ("n", """
        96 Show and Tell
        171 Yawgmoth's Will
        218 Sneak Attack
        250 Exploration
        321 Gaea's Cradle
        325 Serra's Sanctum
        330 Tolarian Academy
    """),
    "7ed": ("nf", """
        15 Disenchant
        43 Serra Angel
        61 Wrath of God
        67 Counterspell
        128 Duress
        212 Shivan Dragon
        219 Shock
        232 Birds of Paradise
        245 Giant Growth
        253 Llanowar Elves
    """),
    "apc": ("nf", """
        114 Pernicious Deed
        128 Fire // Ice
        131 Life // Death
        134 Spite // Malice
    """),
    "rav": ("nf", """
        81 Dark Confidant
        153 Birds of Paradise
        213 Lightning Helix
        279 Overgrown Tomb
        280 Sacred Foundry
        284 Temple Garden
        285 Watery Grave
    """),
    "csp": ("nf", """
        8 Jötun Grunt
        29 Counterbalance
        97 Skred
        145 Dark Depths
    """),
    "10e": ("nf", """
        40 Serra Angel
        54 Wrath of God
        136 Duress
        182 Terror
        230 Shivan Dragon
        235 Shock
        252 Birds of Paradise
        268 Giant Growth
        274 Llanowar Elves
    """),
    "lrw": ("nf", """
        145 Thoughtseize
        256 Cryptic Command
    """),
    "eve": ("nf", """
        68 Helix Pinnacle
        135 Figure of Destiny
        175 Cascade Bluffs
        176 Fetid Heath
        177 Flooded Grove
        178 Rugged Prairie
    """),
    "m10": ("nf", """
        1 Ajani Goldmane
        4 Baneslayer Angel
        8 Divine Verdict
        9 Elite Vanguard
        16 Honor of the Pure
        42 Air Elemental
        45 Clone
        64 Mind Control
        65 Negate
        92 Doom Blade
        112 Sign in Blood
        128 Ball Lightning
        136 Fireball
        146 Lightning Bolt
        165 Acidic Slime
        168 Birds of Paradise
        176 Elvish Archdruid
        183 Garruk Wildspeaker
        184 Giant Growth
        186 Great Sable Stag
        189 Llanowar Elves
        223 Dragonskull Summit
        224 Drowned Catacomb
        226 Glacial Fortress
        227 Rootbound Crag
        228 Sunpetal Grove
    """),
    "zen": ("nf", """
        126 Goblin Guide
        168 Lotus Cobra
        211 Arid Mesa
        219 Marsh Flats
        220 Misty Rainforest
        223 Scalding Tarn
        229 Verdant Catacombs
    """),
    "m11": ("nf", """
        5 Baneslayer Angel
        22 Leyline of Sanctity
        33 Serra Angel
        35 Sun Titan
        55 Frost Titan
        62 Mana Leak
        70 Preordain
        97 Grave Titan
        101 Leyline of the Void
        146 Inferno Titan
        149 Lightning Bolt
        165 Birds of Paradise
        172 Fauna Shaman
        182 Llanowar Elves
        192 Primeval Titan
    """),
    "isd": ("nf", """
        51 Delver of Secrets // Insectile Aberration
        78 Snapcaster Mage
        90 Bloodline Keeper // Lord of Lineage
        105 Liliana of the Veil
        136 Brimstone Volley
        181 Garruk Relentless // Garruk, the Veil-Cursed
        193 Mayor of Avabruck // Howlpack Alpha
        213 Geist of Saint Traft
        215 Olivia Voldaren
    """),
    "dka": ("nf", """
        12 Lingering Souls
        87 Faithless Looting
        140 Huntmaster of the Fells // Ravager of the Fells
        142 Sorin, Lord of Innistrad
    """),
    "rtr": ("nf", """
        141 Abrupt Decay
        213 Deathrite Shaman
        238 Blood Crypt
        241 Hallowed Fountain
        247 Steam Vents
    """),
    "ktk": ("nf", """
        59 Treasure Cruise
        118 Monastery Swiftspear
        201 Siege Rhino
        230 Bloodstained Mire
        233 Flooded Strand
        239 Polluted Delta
        248 Windswept Heath
        249 Wooded Foothills
    """),
    "mm3": ("nf", """
        48 Snapcaster Mage
        180 Lightning Helix
        182 Voice of Resurgence
    """),
    "akh": ("nf", """
        134 Glorybringer
        211 Commit // Memory
        212 Never // Return
        223 Cut // Ribbons
    """),
    "a25": ("nf", """
        35 Swords to Plowshares
        45 Brainstorm
        50 Counterspell
        54 Force of Will
        85 Dark Ritual
        141 Lightning Bolt
    """),
    "dom": ("nf", """
        1 Karn, Scion of Urza
        21 History of Benalia
        26 Lyra Dawnbringer
        60 Opt
        129 Goblin Chainwhirler
        132 Jaya Ballard
        142 Shivan Fire
        143 Siege-Gang Commander
        146 Squee, the Immortal
        168 Llanowar Elves
        182 Steel Leaf Champion
        207 Teferi, Hero of Dominaria
        224 Mox Amber
        239 Clifftop Retreat
        240 Hinterland Harbor
        241 Isolated Chapel
        247 Sulfur Falls
        248 Woodland Cemetery
    """),
    "m19": ("nf", """
        34 Resplendent Angel
        65 Opt
        151 Lightning Mare
        156 Shock
        229 Crucible of Worlds
        314 Llanowar Elves
    """),
    "grn": ("nf", """
        91 Arclight Phoenix
        136 Kraul Harpooner
        152 Assassin's Trophy
        223 Discovery // Dispersal
        224 Expansion // Explosion
        225 Find // Finality
        253 Overgrown Tomb
        254 Sacred Foundry
        257 Steam Vents
        258 Temple Garden
        259 Watery Grave
    """),
    "war": ("nf", """
        1 Karn, the Great Creator
        1★ Karn, the Great Creator
        2 Ugin, the Ineffable
        2★ Ugin, the Ineffable
        61 Narset, Parter of Veils
        61★ Narset, Parter of Veils
        97 Liliana, Dreadhorde General
        160 Finale of Devastation
        169 Nissa, Who Shakes the World
        221 Teferi, Time Raveler
        244 Blast Zone
    """),
    "eld": ("nf", """
        39 Brazen Borrower // Petty Theft
        97 Murderous Rider // Swift End
        115 Bonecrusher Giant // Stomp
        125 Fires of Invention
        151 Edgewall Innkeeper
        165 Lovestruck Beast // Heart's Desire
        171 Once Upon a Time
        197 Oko, Thief of Crowns
    """),
    "jmp": ("n", """
        342 Lightning Bolt
        393 Llanowar Elves
    """),
    "2xm": ("nf", """
        39 Wrath of God
        81 Dark Confidant
        117 Lightning Bolt
        149 Doubling Season
        270 Mana Crypt
    """),
    "plst": ("n", """
        APC-128 Fire // Ice
        EVE-68 Helix Pinnacle
        ISD-51 Delver of Secrets // Insectile Aberration
        RAV-213 Lightning Helix
    """),
    "cmr": ("nf", """
        73 Hullbreacher
        297 Arcane Signet
        319 Jeweled Lotus
        350 Command Tower
        472 Sol Ring
    """),
    "c21": ("nf", """
        236 Arcane Signet
        263 Sol Ring
        283 Command Tower
    """),
    # The Mystical Archive: the global cards came non-foil or foil-etched; the Japanese
    # alternate-art ones (number + 63) non-foil or foil.
    "sta": ("ne", """
        10 Swords to Plowshares
        13 Brainstorm
        15 Counterspell
        29 Dark Ritual
        30 Demonic Tutor
        42 Lightning Bolt
        60 Lightning Helix
    """),
    "mh2": ("nf", """
        25 Prismatic Ending
        32 Solitude
        52 Murktide Regent
        67 Subtlety
        87 Grief
        121 Dragon's Rage Channeler
        126 Fury
        138 Ragavan, Nimble Pilferer
        157 Endurance
        259 Urza's Saga
    """),
    "neo": ("nf", """
        42 The Wandering Emperor
        141 Fable of the Mirror-Breaker // Reflection of Kiki-Jiki
        266 Boseiju, Who Endures
        271 Otawara, Soaring City
    """),
    "dmu": ("nf", """
        107 Sheoldred, the Apocalypse
        200 Shivan Devastator
    """),
    "dmr": ("nf", """
        45 Counterspell
        209 Fire // Ice
    """),
    "one": ("nf", """
        10 Elesh Norn, Mother of Machines
        33 Skrelv, Defector Mite
        108 Sheoldred's Edict
        186 Thrun, Breaker of Silence
        196 Atraxa, Grand Unifier
        202 Glissa Sunslayer
        254 Mirrex
        259 The Seedcore
        318 Glissa Sunslayer
    """),
    "clu": ("nf", """
        59 Counterspell
        141 Lightning Bolt
        211 Lightning Helix
    """),
    "m21": ("nf", """
        1 Ugin, the Spirit Dragon
        7 Basri Ket
        74 Sublime Epiphany
        75 Teferi, Master of Time
        103 Grim Tutor
        108 Liliana, Waker of the Dead
        114 Massacre Wurm
        135 Chandra, Heart of Fire
        144 Fiery Emancipation
        183 Garruk, Unleashed
        193 Llanowar Visionary
        239 Solemn Simulacrum
    """),
    "mid": ("nf", """
        39 Sungold Sentinel
        44 Consider
        163 Smoldering Egg // Ashmouth Dragon
        208 Wrenn and Seven
        246 Tovolar, Dire Overlord // Tovolar, the Midnight Scourge
    """),
    "vow": ("nf", """
        45 Wedding Announcement // Wedding Festivity
        63 Hullbreaker Horror
        112 The Meathook Massacre
        131 Sorin the Mirthless
        236 Edgar, Charmed Groom // Edgar Markov's Coffin
    """),
    "snc": ("nf", """
        11 Elspeth Resplendent
        46 Ledger Shredder
        193 Jetmir, Nexus of Revels
        206 Ob Nixilis, the Adversary
        213 Raffine, Scheming Seer
    """),
    "ltr": ("nf", """
        19 Gandalf the White
        103 Orcish Bowmasters
        158 Delighted Halfling
        213 Lotho, Corrupt Shirriff
        224 Sauron, the Dark Lord
        246 The One Ring
    """),
    "woe": ("nf", """
        38 Virtue of Loyalty // Ardenvale Fealty
        76 Virtue of Knowledge // Vantress Visions
        82 Beseech the Mirror
        115 Virtue of Persistence // Locthwain Scorn
        157 Virtue of Courage // Embereth Blaze
        195 Up the Beanstalk
        196 Virtue of Strength // Garenbrig Bounty
        206 Hylda of the Icy Crown
        215 Talion, the Kindly Lord
        231 Mosswood Dreadknight // Dread Whispers
        242 Agatha's Soul Cauldron
    """),
    "lci": ("nf", """
        14 Get Lost
        26 Ojer Taq, Deepest Foundation // Temple of Civilization
        67 Ojer Pakpatiq, Deepest Epoch // Temple of Cyclical Time
        158 Ojer Axonil, Deepest Might // Temple of Power
        171 Trumpeting Carnosaur
        204 Ojer Kaslem, Deepest Growth // Temple of Cultivation
        234 Molten Collapse
    """),
    "blb": ("nf", """
        16 Hop to It
        36 Valley Questcaller
        100 Maha, Its Feathers Night
        112 Season of Loss
        132 Dragonhawk, Fate's Tempest
        171 Fecund Greenshell
        180 Innkeeper's Talent
        224 Mabel, Heir to Cragflame
        241 Ygra, Eater of All
    """),
    "fdn": ("nf", """
        227 Llanowar Elves
    """),
}

# Printings whose finishes or flags differ from their set's default.
SPECIAL = [
    # Counterspell in MH2's retro frame came in foil-etched too; Glissa's step-and-compleat
    # printing only in foil; the promo-pack and prerelease Glissas have letter-suffixed numbers.
    {"set": "mh2", "collector_number": "267", "name": "Counterspell", "finishes": ["nonfoil", "foil", "etched"]},
    {"set": "one", "collector_number": "384", "name": "Glissa Sunslayer", "finishes": ["foil"]},
    {"set": "pone", "collector_number": "202p", "name": "Glissa Sunslayer", "finishes": ["nonfoil", "foil"]},
    {"set": "pone", "collector_number": "202s", "name": "Glissa Sunslayer", "finishes": ["foil"]},
    {"set": "c21", "collector_number": "1", "name": "Osgir, the Reconstructor", "finishes": ["etched"]},
    # Final Fantasy: Through the Ages prints Lightning Bolt under the flavor name
    # "Thrum of the Vestige"; the card is still Lightning Bolt.
    {"set": "fca", "collector_number": "16", "name": "Lightning Bolt", "finishes": ["nonfoil", "foil"],
     "flavor_name": "Thrum of the Vestige"},
    # Not paper: the loader must skip these.
    {"set": "prm", "collector_number": "32196", "name": "Lightning Bolt", "finishes": ["foil"],
     "digital": True, "games": ["mtgo"]},
    {"set": "ana", "collector_number": "34", "name": "Llanowar Elves", "finishes": ["nonfoil"],
     "digital": True, "games": ["arena"]},
    # Not cards a player hunts for: a token and an art card.
    {"set": "tone", "collector_number": "8", "name": "Phyrexian Mite", "finishes": ["nonfoil"], "layout": "token"},
    {"set": "aone", "collector_number": "59", "name": "Glissa Sunslayer // Glissa Sunslayer",
     "finishes": ["nonfoil"], "layout": "art_series"},
]

FINISH_CODES = {"n": "nonfoil", "f": "foil", "e": "etched"}


def main() -> None:
    sets = {code: (name, released, set_type) for code, name, released, set_type in _rows(SETS)}
    digital = {code: (name, released, set_type) for code, name, released, set_type in _rows(DIGITAL_SETS)}
    printings = []
    for set_code, (finish_codes, table) in PRINTINGS.items():
        finishes = [FINISH_CODES[c] for c in finish_codes]
        for line in table.strip().splitlines():
            number, name = line.strip().split(" ", 1)
            printings.append({"set": set_code, "collector_number": number, "name": name, "finishes": finishes})
            if set_code == "sta":
                # The Japanese alternate-art printing of each Mystical Archive card.
                printings.append(
                    {"set": "sta", "collector_number": str(int(number) + 63), "name": name,
                     "finishes": ["nonfoil", "foil"], "lang": "ja"}
                )
    printings.extend(SPECIAL)

    seen = set()
    cards = []
    for printing in printings:
        key = (printing["set"], printing["collector_number"])
        assert key not in seen, f"duplicate printing {key}"
        seen.add(key)
        cards.append(_scryfall_card(printing, {**sets, **digital}))

    (HERE / "sample-default-cards.json").write_text(
        "[\n" + ",\n".join(json.dumps(card, ensure_ascii=False) for card in cards) + "\n]\n", encoding="utf-8"
    )
    set_list = [
        {"object": "set", "code": code, "name": name, "released_at": released, "set_type": set_type,
         "digital": code in digital}
        for code, (name, released, set_type) in {**sets, **digital}.items()
    ]
    (HERE / "sample-sets.json").write_text(
        json.dumps({"object": "list", "has_more": False, "data": set_list}, ensure_ascii=False, indent=1) + "\n",
        encoding="utf-8",
    )
    names = {card["name"] for card in cards}
    print(f"{len(cards)} printings of {len(names)} names in {len(sets) + len(digital)} sets")


def _rows(table: str) -> list[list[str]]:
    return [line.split("|") for line in table.strip().splitlines()]


def _scryfall_card(printing: dict, sets: dict) -> dict:
    set_code, number, name = printing["set"], printing["collector_number"], printing["name"]
    set_name, released_at, _set_type = sets[set_code]
    layout, faces = FACES.get(name, ("normal", []))
    card = {
        "object": "card",
        "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"sample/{set_code}/{number}")),
        "name": name,
        "lang": printing.get("lang", "en"),
        "released_at": released_at,
        "layout": printing.get("layout", layout),
        "set": set_code,
        "set_name": set_name,
        "collector_number": number,
        "finishes": printing["finishes"],
        "digital": printing.get("digital", False),
        "games": printing.get("games", ["paper", "mtgo"]),
        "prices": {"usd": None},
    }
    if faces:
        card["card_faces"] = [{"object": "card_face", "name": face} for face in faces]
    if "flavor_name" in printing:
        card["flavor_name"] = printing["flavor_name"]
    return card


if __name__ == "__main__":
    main()
