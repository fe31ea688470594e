"""The Odds API's regions and which sportsbooks each one holds: a region filter selects books by
it, and an odds call costs one credit per market per region asked for."""

from __future__ import annotations

REGIONS = frozenset({"us", "us2", "uk", "eu", "au"})
#: "10 bookmakers = 1 region" for the cost of a call that names bookmakers (docs/venues.md#the-odds-api).
BOOKMAKERS_PER_REGION = 10

#: Each sportsbook's region, as The Odds API groups them; a book the table does not know is
#: counted as "us".
BOOKMAKER_REGION = {
    **dict.fromkeys(
        (
            "draftkings", "fanduel", "betmgm", "williamhill_us", "betrivers", "bovada", "betonlineag",
            "mybookieag", "lowvig", "betus", "pointsbetus", "superbook", "wynnbet", "unibet_us", "fanatics",
        ),
        "us",
    ),
    **dict.fromkeys(("espnbet", "hardrockbet", "fliff", "ballybet", "betparx", "windcreek"), "us2"),
    **dict.fromkeys(
        (
            "williamhill", "paddypower", "skybet", "betfair_ex_uk", "betfair_sb_uk", "ladbrokes_uk", "coral",
            "betvictor", "betway", "boylesports", "livescorebet", "virginbet", "casumo", "leovegas", "grosvenor",
            "sport888", "smarkets", "matchbook",
        ),
        "uk",
    ),
    **dict.fromkeys(
        (
            "pinnacle", "onexbet", "betsson", "unibet_eu", "nordicbet", "betclic", "marathonbet", "suprabets",
            "everygame", "coolbet", "gtbets", "tipico_de", "williamhill_eu", "betfair_ex_eu", "mybookieag_eu",
        ),
        "eu",
    ),
    **dict.fromkeys(
        (
            "sportsbet", "tab", "ladbrokes_au", "neds", "pointsbetau", "unibet", "betfair_ex_au", "betr_au",
            "playup", "topsport", "tabtouch", "bet365_au",
        ),
        "au",
    ),
}
