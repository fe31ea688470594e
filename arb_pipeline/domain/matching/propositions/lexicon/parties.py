"""The main parties and the lower (or only) chambers of the major democracies, in the country's
own language and in English, so that a market writing "Partido Popular" and one writing "People's
Party" name one party without either text saying so.

Parties are listed under their country, each as (English name, names in the country's language,
abbreviations). The country is the guard: a party's name is read as that party only in a market
whose texts name its country (in English, as an adjective, or in its own language), since another
country's "People's Party" or "Social Democratic Party" is another party. A country's chamber is
(English names, native names): one chamber under either name, and never a place a race is run in.
"""

from __future__ import annotations

# country: the words a market names it by (folded: lower case, no diacritics).
COUNTRY_WORDS: dict[str, tuple[str, ...]] = {
    "spain": ("spain", "spanish", "espana"),
    "poland": ("poland", "polish", "polska"),
    "france": ("france", "french"),
    "italy": ("italy", "italian", "italia"),
    "finland": ("finland", "finnish", "suomi"),
    "germany": ("germany", "german", "deutschland"),
    "brazil": ("brazil", "brazilian", "brasil"),
    "india": ("india", "indian", "lok sabha"),
    "portugal": ("portugal", "portuguese"),
    "netherlands": ("netherlands", "dutch"),
    "sweden": ("sweden", "swedish"),
    "austria": ("austria", "austrian"),
    "czechia": ("czech", "czechia"),
    "mexico": ("mexico", "mexican"),
    "japan": ("japan", "japanese"),
    "switzerland": ("switzerland", "swiss", "schweiz", "suisse"),
}

# Per country: (English name, names in the country's language, abbreviations) of each party; a
# party whose own-language name is its English name ("Forza Italia") lists none.
PARTIES: dict[str, tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]] = {
    "spain": (
        ("People's Party", ("Partido Popular",), ("PP",)),
        ("Spanish Socialist Workers' Party", ("Partido Socialista Obrero Español",), ("PSOE",)),
        ("Vox", (), ()),
        ("Sumar", (), ()),
    ),
    "poland": (
        ("Law and Justice", ("Prawo i Sprawiedliwość",), ("PiS",)),
        ("Civic Coalition", ("Koalicja Obywatelska",), ("KO",)),
        ("Civic Platform", ("Platforma Obywatelska",), ("PO",)),
        ("Confederation", ("Konfederacja",), ()),
        ("Third Way", ("Trzecia Droga",), ()),
        ("The Left", ("Lewica",), ()),
    ),
    "france": (
        ("National Rally", ("Rassemblement National",), ("RN",)),
        ("Renaissance", (), ()),
        ("The Republicans", ("Les Républicains",), ("LR",)),
        ("France Unbowed", ("La France Insoumise",), ("LFI",)),
        ("Socialist Party", ("Parti Socialiste",), ("PS",)),
        ("New Popular Front", ("Nouveau Front Populaire",), ("NFP",)),
    ),
    "italy": (
        ("Brothers of Italy", ("Fratelli d'Italia",), ("FdI",)),
        ("Democratic Party", ("Partito Democratico",), ("PD",)),
        ("Five Star Movement", ("Movimento 5 Stelle", "Movimento Cinque Stelle"), ("M5S",)),
        ("League", ("Lega",), ()),
        ("Forza Italia", (), ("FI",)),
    ),
    "finland": (
        ("Social Democratic Party of Finland", ("Suomen Sosialidemokraattinen Puolue", "Sosialidemokraatit"), ("SDP",)),
        ("National Coalition Party", ("Kansallinen Kokoomus", "Kokoomus"), ("KOK",)),
        ("Finns Party", ("Perussuomalaiset",), ("PS",)),
        ("Centre Party", ("Suomen Keskusta", "Keskusta"), ("KESK",)),
        ("Left Alliance", ("Vasemmistoliitto",), ("VAS",)),
        ("Green League", ("Vihreä liitto",), ("VIHR",)),
    ),
    "germany": (
        ("Christian Democratic Union", ("Christlich Demokratische Union Deutschlands", "Christlich Demokratische Union"),
         ("CDU",)),
        ("Christian Social Union", ("Christlich-Soziale Union in Bayern", "Christlich-Soziale Union"), ("CSU",)),
        ("Social Democratic Party of Germany", ("Sozialdemokratische Partei Deutschlands",), ("SPD",)),
        ("Alternative for Germany", ("Alternative für Deutschland",), ("AfD",)),
        ("Alliance 90/The Greens", ("Bündnis 90/Die Grünen", "Die Grünen"), ()),
        ("Free Democratic Party", ("Freie Demokratische Partei",), ("FDP",)),
        ("The Left", ("Die Linke",), ()),
    ),
    "brazil": (
        ("Workers' Party", ("Partido dos Trabalhadores",), ("PT",)),
        ("Liberal Party", ("Partido Liberal",), ("PL",)),
        ("Brazilian Democratic Movement", ("Movimento Democrático Brasileiro",), ("MDB",)),
    ),
    "india": (
        ("Bharatiya Janata Party", (), ("BJP",)),
        ("Indian National Congress", (), ("INC",)),
        ("Aam Aadmi Party", (), ("AAP",)),
    ),
    "portugal": (
        ("Socialist Party", ("Partido Socialista",), ("PS",)),
        ("Social Democratic Party", ("Partido Social Democrata",), ("PSD",)),
        ("Enough", ("Chega",), ()),
    ),
    "netherlands": (
        ("Party for Freedom", ("Partij voor de Vrijheid",), ("PVV",)),
        ("People's Party for Freedom and Democracy", ("Volkspartij voor Vrijheid en Democratie",), ("VVD",)),
    ),
    "sweden": (
        ("Social Democrats", ("Socialdemokraterna",), ()),
        ("Moderate Party", ("Moderaterna",), ()),
        ("Sweden Democrats", ("Sverigedemokraterna",), ("SD",)),
    ),
    "austria": (
        ("Freedom Party of Austria", ("Freiheitliche Partei Österreichs",), ("FPÖ", "FPO")),
        ("Austrian People's Party", ("Österreichische Volkspartei",), ("ÖVP", "OVP")),
    ),
    "mexico": (
        ("National Regeneration Movement", ("Movimiento Regeneración Nacional",), ("Morena",)),
        ("National Action Party", ("Partido Acción Nacional",), ("PAN",)),
        ("Institutional Revolutionary Party", ("Partido Revolucionario Institucional",), ("PRI",)),
    ),
    "japan": (
        ("Liberal Democratic Party", ("Jiyū-Minshutō", "Jiminto"), ("LDP",)),
    ),
    # Switzerland's parties go by their German and French initials ("SVP/UDC").
    "switzerland": (
        ("Swiss People's Party", ("Schweizerische Volkspartei", "Union démocratique du centre"), ("SVP", "UDC")),
        ("Social Democratic Party of Switzerland", ("Sozialdemokratische Partei der Schweiz", "Parti socialiste suisse"),
         ("SP", "PS")),
        ("FDP.The Liberals", ("FDP.Die Liberalen", "PLR.Les Libéraux-Radicaux"), ("FDP", "PLR")),
        ("The Centre", ("Die Mitte", "Le Centre"), ()),
        ("Green Party of Switzerland", ("Grüne Partei der Schweiz", "Les Verts"), ()),
    ),
}

# Per country: (English names, native names) of the chamber a general election fills.
CHAMBERS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "poland": (("Polish Parliament", "Polish lower house"), ("Sejm",)),
    "italy": (("Chamber of Deputies", "Italian Parliament"), ("Camera dei Deputati",)),
    "finland": (("Finnish Parliament", "Parliament of Finland"), ("Eduskunta",)),
    "germany": (("German Parliament", "German federal parliament"), ("Bundestag",)),
    "spain": (("Congress of Deputies", "Spanish Parliament"), ("Congreso de los Diputados", "Cortes Generales")),
    "france": (("National Assembly", "French Parliament"), ("Assemblée nationale",)),
    "india": (("House of the People", "Indian Parliament"), ("Lok Sabha",)),
    "netherlands": (("House of Representatives", "Dutch Parliament"), ("Tweede Kamer",)),
    "sweden": (("Swedish Parliament",), ("Riksdag",)),
    "japan": (("House of Representatives", "Japanese Parliament"), ("Shugiin",)),
    "brazil": (("Chamber of Deputies", "Brazilian Congress"), ("Câmara dos Deputados",)),
    "switzerland": (("National Council", "Swiss Parliament"), ("Nationalrat", "Conseil national")),
}
