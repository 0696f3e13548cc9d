"""What marks each part of a mission in a draft, in Danish, Norwegian and English.

The word lists of the review, in one place. Each pattern is matched case-insensitively against
one sentence of the draft at a time; what it matches is shown to the user as evidence, so a
pattern must match what it names, not merely a word near it.
"""

from __future__ import annotations

import re

_I = re.IGNORECASE

NUMBER_WORDS = (
    "to|tre|fire|fem|seks|syv|sju|otte|åtte|ni|ti|elleve|tolv|femten|tyve|tjue|"
    "two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty"
)
_NUMBER_VALUES = {
    **dict.fromkeys(["to", "two"], 2),
    **dict.fromkeys(["tre", "three"], 3),
    **dict.fromkeys(["fire", "four"], 4),
    **dict.fromkeys(["fem", "five"], 5),
    **dict.fromkeys(["seks", "six"], 6),
    **dict.fromkeys(["syv", "sju", "seven"], 7),
    **dict.fromkeys(["otte", "åtte", "eight"], 8),
    **dict.fromkeys(["ni", "nine"], 9),
    **dict.fromkeys(["ti", "ten"], 10),
    "elleve": 11,
    **dict.fromkeys(["tolv", "twelve"], 12),
    **dict.fromkeys(["femten", "fifteen"], 15),
    **dict.fromkeys(["tyve", "tjue", "twenty"], 20),
}


def number_value(word: str) -> int | None:
    """A count written as digits or as a word ("ti", "ten")."""
    return int(word) if word.isdigit() else _NUMBER_VALUES.get(word.lower())


MONTHS = (
    r"(?:januar|january|februar|february|marts|mars|march|april|maj|mai|may|juni|june|juli|july"
    r"|august|september|oktober|october|november|december|desember)"
)
# A measurable target: a share, a change by an amount, a count of people, all or none of a group.
TARGET = re.compile(
    r"\d+(?:[.,]\d+)?\s*(?:%|procent|prosent|per\s*cent|percent|procentpoint|prosentpoeng)"
    r"|\b(?:halv[eé]r\w*|halve[sd]?|halving|fordobl\w*|doble\w*|double[sd]?|tredobl\w*)\b"
    r"|\b(?:reducer\w*|redusere?\w*|reduce[sd]?|øge\w*|øke\w*|increase[sd]?|sænke\w*|senke\w*"
    r"|nedbringe\w*|cut)\s+(?:\w+\s+){0,6}(?:med|by|til|to)\s+\d"
    r"|\b(?:\d[\d.,]*|" + NUMBER_WORDS + r")\s+(?:flere|færre|fleire|færre|more|fewer|less)\b"
    r"|\b(?:ingen|no|zero|nul|null|alle|all|every)\s+(?:[\w-]+\s+){0,10}(?:skal|må|will|shall|should"
    r"|must|have|har|get|får|er|are|is)\b"
    r"|\b(?:fra|from)\s+(?:around\s+|omkring\s+|ca\.\s+)?\d[\d.,]*\s*%?\s+(?:\w+\s+){0,3}(?:til|to)"
    r"\s+(?:under\s+|over\s+|below\s+|above\s+|mindre\s+end\s+|færre\s+end\s+)?\d"
    r"|\b\d+\s+(?:ud\s+af|ut\s+av|av|out\s+of|in)\s+\d+\b"
    r"|\b(?:at\s+least|mindst|minst|op\s+til|opp\s+til|up\s+to)\s+\d"
    r"|\b(?:skal|will|shall|må)\s+(?:alle|all|alt|every|ingen|no)\b"
    r"|\b(?:med|by)\s+(?:en|ein|a|one)\s+(?:fjerdedel|tredjedel|halvdel|quarter|third|half)"
    r"|\b(?:half|halvdelen|halvparten)\s+(?:of|af|av)\b"
    r"|\w*neutral\w*|\bnet[-\s]zero|nulutslipp\w*|nuludledning\w*|fossilfri\w*|fossil[-\s]free"
    r"|\b(?:alt|all)\s+(?:\w+\s+){0,8}(?:skal|will|shall)\b",
    _I,
)
# A year or a span of years as the horizon; a year after "fra"/"since" is when work starts.
DEADLINE_YEAR = re.compile(
    r"\b(?:inden|innen|senest|by|before|før|i|in|til|until|mod|mot|towards|no\s+later\s+than"
    r"|(?:inden|innen|by|before|før)\s+(?:udgangen\s+af|utgangen\s+av|the\s+end\s+of))"
    r"\s+(?:år\s+|året\s+|year\s+|" + MONTHS + r"\s+)?(20\d\d)\b",
    _I,
)
DEADLINE_SPAN = re.compile(
    r"\b(?:inden\s+for|innen|within|om|in|på|i\s+løbet\s+af|i\s+løpet\s+av|de\s+næste"
    r"|de\s+neste|the\s+next)\s+(?:de\s+næste\s+|de\s+neste\s+|the\s+next\s+)?"
    r"(\d{1,2}|" + NUMBER_WORDS + r")\s+(?:år|years)\b",
    _I,
)
# A horizon of a year or less ("next year", "inden for seks måneder").
DEADLINE_DECADE = re.compile(
    r"\b(?:inden\s+for|innen|within|in|om|i\s+løbet\s+af|i\s+løpet\s+av)\s+(?:a|one|et|ett|ét"
    r"|the\s+next|det\s+næste|det\s+neste)\s+(?:decade|årti|tiår)\b",
    _I,
)
SHORT_HORIZON = re.compile(
    r"\b(?:næste\s+år|neste\s+år|next\s+year|this\s+year|i\s+år\b|til\s+næste\s+år"
    r"|(?:inden\s+for|innen|within|om|in)\s+(?:et|ét|ett|one|a|\d{1,2}|"
    + NUMBER_WORDS
    + r"|seks|six)\s+(?:år\b|year\b|måned\w*|months?))",
    _I,
)
START_YEAR = re.compile(
    r"\b(?:fra|from|siden|since|starting|startede|startet|began)\s+(20\d\d)", _I
)

# Tasks one organisation can finish quickly.
QUICK_TASK = re.compile(
    r"\b(?:kampagne\w*|kampanje\w*|campaign\w*|rapport\w*|report\b|kortlægning\w*|kartlegging\w*"
    r"|konference\w*|konferanse\w*|conference\w*|hjemmeside\w*|nettside\w*|website\w*|folder\w*"
    r"|pjece\w*|brosjyre\w*|brochure\w*|leaflet\w*|temadag\w*|seminar\w*|etårig\w*|ettårig\w*"
    r"|one-year|et\s+års|ett\s+års)",
    _I,
)
LONG_TERM = re.compile(
    r"\b(?:langsigt\w*|langsikt\w*|long[-\s]term|generation\w*|varig\w*|lasting|vedvarende"
    r"|permanent\w*|over\s+tid|over\s+time|år\s+efter\s+år|år\s+etter\s+år|year\s+after\s+year)",
    _I,
)

# Sectors and domains a challenge can span; the last three are kinds of actor outside the state.
SECTORS: dict[str, re.Pattern[str]] = {
    name: re.compile(pattern, _I)
    for name, pattern in {
        "health": r"\b(?:sundhed\w*|helse\w*|health\w*|hospital\w*|sygehus\w*|sykehus\w*"
        r"|almen\s*prak\w*|fastlege\w*|GPs?\b|psykiatri\w*|psychiatr\w*|NHS|sygepleje\w*"
        r"|sykepleie\w*|nurs\w*|region(?:en|er)?\b|patient\w*|pasient\w*|læger|leger|doctors)",
        "social": r"\b(?:social\w*|omsorg\w*|care\b"
        r"|handicap\w*|funktionsned\w*|barnevern\w*|child\s+protection|udsat\w*|utsatt\w*"
        r"|vulnerable|hjemmepleje\w*|hjemmetjeneste\w*|plejecent\w*|sykehjem\w*|care\s+homes?)",
        "education": r"\b(?:skole\w*|skola\w*|school\w*|uddannels\w*|utdanning\w*|educat\w*"
        r"|dagtilbud\w*|daginstitution\w*|barnehage\w*|børnehave\w*|nursery|kindergarten\w*"
        r"|gymnasi\w*|videregående|lærer\w*|teacher\w*|elever|pupils|students)",
        "employment": r"\b(?:beskæftigels\w*|sysselsetting\w*|employment|jobcent\w*|NAV"
        r"|arbejdsmarked\w*|arbeidsmarked\w*|job\b|jobs\b|arbejdsløs\w*|arbeidsledig\w*"
        r"|ledig\w*|unemploy\w*|jobsøg\w*)",
        "housing": r"\b(?:bolig\w*|housing|boligselskab\w*|boligselskap\w*|landlord\w*)",
        "maritime": r"\b(?:fiskeri\w*|oppdrett\w*|havbruk\w*|akvakultur\w*|aquaculture|fisheries"
        r"|skibsfart\w*|skipsfart\w*|shipping|havn(?:en|a)?\b|harbou?r\w*|ports?\b|turism\w*"
        r"|turisme\w*|tourism)",
        "food": r"\b(?:landbrug\w*|landbruk\w*|agricultur\w*|farming|matsystem\w*"
        r"|fødevaresystem\w*|food\s+systems?|matproduksjon\w*|fødevareproduktion\w*"
        r"|food\s+production|dagligvare\w*|detailhandel\w*|retail\w*)",
        "climate": r"\b(?:klima\w*|climate|miljø\w*|environment\w*|energi\w*|energy"
        r"|forsyning\w*|utilit\w*|transport\w*|mobilitet\w*|CO2|emission\w*|utslipp\w*"
        r"|udledning\w*|oversvømmel\w*|flom\w*|flood\w*)",
        "culture": r"\b(?:kultur\w*|culture\w*|idræt\w*|idrett\w*|sport\w*|fritid\w*|leisure"
        r"|bibliotek\w*|librar\w*)",
        "justice": r"\b(?:politi\w*|police|kriminal\w*|crime\w*|criminal\w*|justice|fengsel\w*"
        r"|fængsel\w*|prison\w*)",
        "civil society": r"\w*forening\w*|\w*frivillig\w*|\w*organisasjoner\b|boligselskab\w*"
        r"|\b(?:civilsamfund\w*|sivilsamfunn\w*|civil\s+society"
        r"|frivillig\w*|volunt\w*|NGOs?\b|charit\w*|menighed\w*|kirke\w*|church\w*"
        r"|patientforening\w*|pasientforening\w*|lag\s+og\s+foreninger|idrætsforening\w*"
        r"|associations?\b|third\s+sector|community\s+groups?|fagforening\w*|trade\s+unions?"
        r"|idrætsråd\w*|idrettsråd\w*|ungdomsråd\w*|youth\s+council\w*|faith\s+groups?"
        r"|housing\s+associations?|boligbyggelag\w*|boligorganisation\w*|boligforening\w*"
        r"|Røde\s+Kors|Red\s+Cross|Kirkens\s+\w+|Blå\s+Kors|Frelsens\s+Hær|Salvation\s+Army"
        r"|\w*klubb?(?:en|er|ene|ben|berne)?\b|\bclubs?\b|idrettslag\w*|\w*idrætsforening\w*"
        r"|\w+forbund\w*|fødevarebank\w*|matsentral\w*|food\s+banks?"
        r"|organisasjonene|frivillige\s+organisa\w+|pårørendeutvalg\w*|brugerråd\w*|brukerråd\w*)",
        "business": r"\b(?:virksomhed\w*|bedrift\w*|næringsliv\w*|erhverv\w*|business\w*"
        r"|compan\w*|employer\w*|arbejdsgiver\w*|arbeidsgiver\w*|industri\w*|private\s+sector"
        r"|privat\w*\s+aktør\w*|firms?\b|landbrug\w*|landbruk\w*|farmers?|NHO\b|Dansk\s+Industri"
        r"|handelsstand\w*|erhvervsforening\w*|næringsforening\w*|chambers?\s+of\s+commerce"
        r"|udlejer\w*|utleier\w*|landlords?|forsyningsselskab\w*|water\s+compan\w*"
        r"|dagligvare\w*|supermarked\w*|butik\w*|butikk\w*|retailers?|Coop\b|bondelag\w*"
        r"|fiskarlag\w*|fiskerlag\w*)",
        "research": r"\b(?:forskning\w*|forsk\w*|research\w*|universitet\w*|universit\w*"
        r"|vidensinstitution\w*|kunnskapsmiljø\w*|academ\w*|akadem\w*)",
        "citizens": r"\b(?:de|the)\s+\w+\s+(?:selv|themselves)\b"
        r"|\b(?:borger\w*|innbygger\w*|citizen\w*|resident\w*|pårørende|relatives"
        r"|families|familie\w*|brugere|brukere|users|unge\s+selv|de\s+unge\s+selv|carers"
        r"|forældre|foreldre|parents|\w+(?:ne|erne|ene)\s+selv\b|skolebestyrelse\w*"
        r"|foreldreutvalg\w*|forældreråd\w*|parent\s+councils?)",
    }.items()
}
OUTSIDE_STATE = ("civil society", "business", "research", "citizens")
PUBLIC_ACTOR = re.compile(
    r"\b(?:kommune\w*|region\w*|stat\b|staten|styrelse\w*|direktorat\w*|ministeri\w*"
    r"|departement\w*|council\w*|municipal\w*|agenc\w*|authorit\w*|government\w*|NHS|NAV"
    r"|hospital\w*|sygehus\w*|sykehus\w*|helseforetak\w*|jobcent\w*|forvaltning\w*|etat\w*"
    r"|politi\w*|police|skole\w*|school\w*|fylke\w*|county)",
    _I,
)
ACROSS = re.compile(
    r"\b(?:på\s+tværs|på\s+tvers|across\s+(?:\w+\s+)?(?:sectors?|organi[sz]ations?|services"
    r"|boundaries|agencies|departments)|tværsektoriel\w*|tverrsektoriell\w*|cross-sector\w*"
    r"|sektorovergribende|whole[-\s]system|hele\s+systemet)",
    _I,
)

# Why together: none of the parties can do it alone, they depend on each other, or each holds
# a part of the answer ("ingen af os kan se det hele alene", "each partner holds one piece").
WHY_TOGETHER = re.compile(
    r"\b(?:ingen|no\s+(?:one|single)|none|nobody)\s+(?:[\w,]+\s+){0,6}"
    r"(?:kan|can|could)\s+(?:[\w,]+\s+){0,10}(?:alene|alone|on\s+(?:its|their)\s+own)"
    r"|\b(?:ikke|not|cannot|can't)\s+(?:\w+\s+){0,6}(?:hver\s+for\s+(?:os|oss|sig|seg)"
    r"|by\s+ourselves|on\s+our\s+own)"
    r"|\b(?:ingen|no|none\s+of\s+the)\s+\w+\s+(?:rår\s+over|råder\s+over|controls?|owns?"
    r"|holds?|har|ejer|eier|ser)\s+(?:alle|all|hele|the\s+whole)\b"
    r"|\b(?:hver|hvert|each)\s+(?:af\s+os|av\s+oss|of\s+us|\w+)\s+(?:ser|har|ejer|eier|kender"
    r"|kjenner|holds?|has|owns?|sees?)\s+(?:bare\s+|kun\s+|only\s+)?(?:sin|sit|sitt|one|a|its"
    r"|their|en|én|et|ét)\s+(?:egen\s+|own\s+)?(?:del|bit|stykke|part|piece)"
    r"|\b(?:derfor|therefore|that\s+is\s+why)\s+(?:må|skal|bør|must|have\s+to)\s+(?:vi|we)"
    r"\s+(?:\w+\s+){0,2}(?:samtidig|sammen|together|at\s+the\s+same\s+time)"
    r"|tr(?:æ|e)kker\s+i\s+samme\s+retning|pull\w*\s+in\s+the\s+same\s+direction"
    r"|\b(?:ingen\s+(?:af|av)\s+(?:os|oss)|none\s+of\s+us|no\s+one\s+of\s+us|ingen\s+enkelt\w*"
    r"|no\s+single\s+\w+)\b"
    r"|\b(?:hele\s+billedet|hele\s+bildet|the\s+whole\s+picture|hele\s+forløbet|many\s+hands"
    r"|mange\s+hænder|mange\s+hender|kun\s+hvis\s+vi|bare\s+hvis\s+vi|only\s+if\s+we)\b"
    r"|afhængig\w*\s+af\s+hinanden|avhengig\w*\s+av\s+hverandre|depend\w*\s+on\s+(?:each\s+other"
    r"|one\s+another)|interdepend\w*|gensidig\w*\s+afhæng\w*|gjensidig\w*\s+avheng\w*"
    r"|mutual\w*\s+depend\w*|fælles\s+værdi|felles\s+verdi|shared\s+value|kun\s+sammen"
    r"|bare\s+sammen|only\s+together|only\s+by\s+working\s+together|sammen\s+kan\s+vi"
    r"|together\s+we\s+can",
    _I,
)
# One party cannot do it alone: a why, but not yet how the parties depend on each other.
ONE_ALONE = re.compile(
    r"\b(?:ikke|not|cannot|can't)\s+(?:\w+\s+){0,6}(?:alene|alone|on\s+(?:its|their)\s+own)"
    r"|\b(?:kan|can)\s+(?:\w+\s+){0,3}(?:ikke|not)\s+(?:\w+\s+){0,6}(?:alene|alone)",
    _I,
)
# A sentence giving each party its part ("skolen har eleverne, foreningerne har de frivillige ...").
HOLDS = re.compile(
    r"\b(?:har|holder|ejer|eier|kontrollerer|controls?|owns?|holds?|belongs?\s+to|ser|sees?"
    r"|møder|meets?|knows?|kender|kjenner|findes\s+hos|ligger\s+hos|lies\s+with)\b",
    _I,
)
TOGETHER = re.compile(
    r"\b(?:sammen|together|fælles|felles|shared|joint\w*|samarbejd\w*|samarbeid\w*"
    r"|collaborat\w*|partnerskab\w*|partnerskap\w*|partnership\w*)",
    _I,
)

FORUM = re.compile(
    r"\w*(?:styregruppe|styringsgruppe|bestyrelse|sekretariat|secretariat|forum|fora\b"
    r"|koordinationsgruppe|koordineringsgruppe|ledergruppe|styringsråd|partnerskabsråd"
    r"|missionsråd|sundhedsråd|helseråd)\w*"
    r"|\b\w{3,}råd(?:et)?\b|\bstyre(?:t)?\s+(?:for|i)\b|\b\w+styre(?:t)?\b|\w*panel\w*"
    r"|\w*klynge\w*|\btovholder\w*|\bhuddle\w*|\b\w*udvalg\w*|\b\w*utvalg\w*"
    r"|\bråd(?:et)?\s+(?:med|mødes|møtes|består|where|som\s+mødes|som\s+møtes)\b"
    r"|\b(?:steering\s+(?:group|committee|board)|board|backbone|task\s*force"
    r"|leadership\s+group|governance|advisory\s+(?:board|group)|mission\s+council"
    r"|partnership\s+(?:board|council|forum))\w*"
    r"|\bmøder?\s+(?:med|mellem|mellom)\s+(?:\w+\s+){0,3}(?:ledere|direktører|partnere)",
    _I,
)
FOLLOW_UP = re.compile(
    r"\b(?:hver\s+(?:\w+\s+)?(?:uge|uke|måned|kvartal|halvår|år)|hvert\s+(?:kvartal|halvår|år)"
    r"|kvartalsvis\w*|månedlig\w*|årlig\w*|halvårlig\w*|quarterly|monthly|annual\w*|yearly"
    r"|(?:\w+\s+)?gang(?:e|er)?\s+(?:i|om|per|pr\.?|hver)\s+(?:året|år|måneden|måned|uka|ugen|uken"
    r"|kvartalet)|times?\s+a\s+(?:year|month|week)|twice\s+a|weekly|ugentlig\w*|ukentlig\w*"
    r"|følger\s+med|keeps?\s+track"
    r"|every\s+(?:\w+\s+)?(?:weeks?|months?|quarter|year)|følger?\s+op|følge\s+opp"
    r"|følges\s+(?:op|opp)|follow(?:s|ed)?[-\s]up|follows?\s+up|monitor\w*|opfølgning\w*"
    r"|oppfølging\w*|rapporter\w*\s+(?:på|om|til)|reports?\s+(?:on|to)|dashboard\w*|beslut\w*"
    r"|beslutt\w*|decides?|decisions?|mandat\w*|mandate\w*|ansvar\w*\s+for|responsible\s+for"
    r"|accountab\w*|status\w*\s*møde\w*)",
    _I,
)

# A solution named as the mission: a verb of setting something up, then (within a few words:
# "lancerer i foråret 2025 kampagnen 'Ren Fjord'") a thing one sets up. Compounds count for the
# longer nouns ("rekrutteringsenhet", "produktionskøkken"), not for short ones ("sygehus").
_SOLUTION_VERB = (
    r"udvikle|lancere|etablere|bygge|opføre|indføre|implementere|oprette|åbne|starte|lave"
    r"|utvikle|lansere|innføre|opprette|åpne|develop|launch|build|establish|introduce|implement"
    r"|open|roll\s+out|set\s+up|create|rulle\s+ud|rulle\s+ut|commission|publish|offer|tilby"
    r"|receive|få\s+tilbud\s+om|get|arrangere|arrange|organi[sz]e|afholde|holde|hold|run"
    r"|gennemføre|gjennomføre|carry\s+out|conduct|udarbejde|utarbeide|draw\s+up|produce"
    r"|ansætte|ansette|hire|uddele|dele\s+ut|hand\s+out|distribute"
)
_SOLUTION_COMPOUND = (
    r"cent(?:er|re)|senter|enhed|enhet|køkken|kjøkken|platform|plattform|portal|kampagne|kampanje"
    r"|program|projekt|prosjekt|tilbud|ordning|værested|væresteder|herberg|handlingsplan|instruks"
    r"|retningslinje|kartlegging|kortlægning|festival|arrangement|app|teknologi|værktøj|verktøy"
)
_SOLUTION_NOUN = (
    r"hus|house|hub\w*|campaign\w*|system\w*|tool\w*|database\w*|hjemmeside\w*|nettside\w*"
    r"|website\w*|project\w*|method\w*|metode\w*|model\w*|scheme\w*|service\w*|team\w*"
    r"|unit\w*|screening\w*|chatbot\w*|dashboard\w*|mapping\w*|rapport\w*|report\w*"
    r"|technolog\w*|(?:follow-up\s+)?(?:phone\s+)?call\w*|telefonopringning\w*"
    r"|(?:ekstra\s+)?aktivitet\w*|activit\w*|stilling\w*|kursus\w*|kurs\b|course\w*|training"
    r"|uge\b|ugen\b|uke\b|uka\b|week\b|event\w*|procedure\w*|guideline\w*|shelter\w*"
    r"|kitchen\w*|plan\b|planen\b|helmets?|hjelm\w*|\w{3,}(?:uge|uke)(?:n|a)?\b"
)
SOLUTION = re.compile(
    r"\b(?:" + _SOLUTION_VERB + r")\w{0,3}\s+(?:[^\s.;:!?]+\s+){0,4}?"
    r"(?:\w*(?:" + _SOLUTION_COMPOUND + r")\w*|(?:" + _SOLUTION_NOUN + r"))",
    _I,
)
# The mission names its means: "gennem en datadrevet tilgang", "by reforming childcare",
# "ved at vi får mer kunnskap": a route fixed in advance, not a challenge left open.
MEANS = re.compile(
    r"\b(?:gennem|gjennom|through|ved\s+at|ved\s+å|ved\s+hjelp\s+av|ved\s+hjælp\s+af|by\s+means\s+of"
    r"|by\s+(?:reforming|introducing|implementing|rolling\s+out|putting|building|creating"
    r"|establishing|developing|launching|using))\s+(?:[\w-]+,?\s+){0,5}?"
    r"(?:\w*tilgang\w*|approach\w*|\w*metode\w*|method\w*|model\w*|program\w*|reform\w*"
    r"|\w*kultur\w*|cultur\w*|\w*struktur\w*|structur\w*|systems?\b|\w*princip\w*"
    r"|\w*teknologi\w*|technolog\w*|forskningsbasert\w*|evidensbaser\w*|evidence-based)",
    _I,
)
MISSION_SENTENCE = re.compile(
    r"^\s*(?:HVAD|HVA|WHAT|MISSION(?:EN)?|OPPDRAG|SAMFUNNSOPPDRAG|OBJECTIVE|MÅL|AIM)\b|\b(?:vores|vår|our|the|denne|this)\s+mission"
    r"(?:en)?\s+(?:er|is|skal|will)\b|\bmission(?:en)?\s*:",
    _I,
)
HEADING = re.compile(
    r"^\s*(?:HVAD|HVA|WHAT|HVORFOR|WHY|HVORDAN|HOW)(?:\s+(?:SAMMEN|TOGETHER))?\b\s*[:?\-–]?\s*$", _I
)
# A sentence of the WHY: its figures describe the problem ("vil dobles", "45 %"), not a target.
WHY_SENTENCE = re.compile(r"^\s*(?:HVORFOR|WHY)(?:\s+(?:SAMMEN|TOGETHER))?\s*[:?\-–]", _I)

SLOGAN = re.compile(
    r"\b(?:et\s+godt\s+liv|det\s+gode\s+liv|godt\s+liv|gode\s+liv|a\s+good\s+life|better\s+lives"
    r"|bedre\s+liv|bæredygtig\w*\s+fremtid|bærekraftig\w*\s+fremtid|sustainable\s+future"
    r"|verdens\s+bedste|world.?s\s+best|for\s+alle\b|for\s+everyone|for\s+all\b"
    r"|det\s+gode\s+samfund|det\s+gode\s+samfunnet|a\s+better\s+society|et\s+bedre\s+samfund"
    r"|et\s+bedre\s+samfunn|thriving|flourishing|blomstre\w*|trives\s+alle|alle\s+trives"
    r"|tryghed\s+for\s+alle|trygghet\s+for\s+alle|livskvalitet\s+for\s+alle)",
    _I,
)
GROUP = re.compile(
    r"\b(?:unge|ungdom\w*|young|youth|børn|barn|children|child|ældre|eldre|elderly|older"
    r"|familie\w*|families|ledige|arbeidsledige|unemployed|patient\w*|pasient\w*|elever|pupils"
    r"|students|borgere\s+med|innbyggere\s+med|people\s+with|mennesker\s+med|personer\s+med"
    r"|kvinder|kvinner|women|mænd|menn|men\b|flygtning\w*|flyktning\w*|refugees|indvandrer\w*"
    r"|innvandrer\w*|migrants|hjemløse|bostedsløse|homeless|pårørende|carers)",
    _I,
)

NARROW = re.compile(
    r"\b(?:på|at|i|in|ved|hos|from|af|av|of)\s+(?:(?-i:[A-ZÆØÅ])[\wæøå.-]+\s+){1,3}(?:\w+\s+)?"
    r"(?:skole|plejecenter|omsorgssenter|sykehjem|dagsenter\w*|school|care\s+home|hospital"
    r"|afdeling|avdeling|ward|bibliotek|library|klinik|clinic|dagcenter)\b"
    r"|\b(?:dagsenteret|dagcentret|plejecentret|skolens|the\s+school's)\b"
    r"|\b(?:sengeafsnit\w*|afsnittet|afsnit\s+\w?\d+|ward\s+\w?\d+|akutmodtagelse\w*"
    r"|akuttmottak\w*|emergency\s+department|the\s+(?:two|three|four)\s+(?:GP\s+)?practices"
    r"|de\s+(?:to|tre|fire)\s+(?:lægepraksis\w*|legekontor\w*))\b"
    r"|\b(?:en\s+enkelt|én\s+enkelt|ett\s+enkelt|a\s+single|one\s+(?:school|ward|department"
    r"|care\s+home|unit|team|clinic))\b"
    r"|\b(?:ventetid\w*\s+på|waiting\s+times?\s+(?:for|at)|åbningstid\w*|åpningstid\w*"
    r"|opening\s+hours|blanket\w*|skjema\w*|forms?\b|parkering\w*|parking|kantine\w*|canteen)",
    _I,
)

JARGON = re.compile(
    r"\b(?:synergi\w*|synerg\w*|helhedsorienter\w*|helhetlig\w*|holisti\w*|paradigme\w*"
    r"|paradigm\w*|transformativ\w*|transformative|transformation\w*|innovationskraft\w*"
    r"|værdiskab\w*|verdiskap\w*|value\s+creation|leverag\w*|økosystem\w*|ecosystem\w*"
    r"|robust\w*|resilien\w*|fremtidssikr\w*|future-proof\w*|agil\w*|agile|disrupt\w*"
    r"|kapacitetsopbygning\w*|capacity[-\s]building|kapabilitet\w*|capabilit\w*|visionær\w*"
    r"|visionary|nyskabende|banebrydende|groundbreaking|innovativ\w*|optimer\w*|optimi[sz]\w*"
    r"|effektivis\w*|stakeholder\w*|interessent\w*|sammenhængskraft\w*|bæredygtig\w*"
    r"|bærekraftig\w*|sustainab\w*|best\s+practice|excellence|empower\w*|outcome[-\s]based"
    r"|embed\w*|harness\w*|collective\s+power|whole[-\s]system\w*|culture\s+of\s+\w+"
    r"|(?:better|improve\w*|improving)\s+outcomes|upstream|place-based|strengths-based"
    r"|trauma-informed|co-produc\w*|værdibaser\w*|tillidsbaser\w*|verdibaser\w*|tillitsbaser\w*"
    r"|kompetenceunderstøtt\w*|employer\s+branding|kerneopgave\w*|kjerneoppgave\w*"
    r"|forankr\w*|udmønt\w*|tværfaglig\w*\s+tilgang|forandringsteori\w*|theory\s+of\s+change)",
    _I,
)

# Aims too vague for an actor to translate into its own work ("en værdig ældrepleje", "a good
# future", "break down barriers"), on top of the slogans above.
VAGUE = re.compile(
    r"\b(?:værdig\w*|verdig\w*|dignified|aldersvennlig\w*|ældrevenlig\w*|age-friendly"
    r"|inkluderende|inclusive|god\s+fremtid|gode?\s+fremtid|good\s+future|bright\s+future"
    r"|barriers?\s+to\s+opportunit\w*|best\s+start|the\s+best|det\s+bedste|det\s+beste"
    r"|varm\w*\s+og\s+\w+\s+(?:lokalsamfund|fællesskab|samfunn)|nøglen\s+til|nøkkelen\s+til"
    r"|key\s+to\s+a|lykkes|succeed|thrive|trives|trivs\w*|wellbeing|well-being|trivsel)\b",
    _I,
)
CLOSED = re.compile(
    r"\b(?:(?:kun|bare|only)\s+(?:de\s+|the\s+)?(?:\w+\s+)?(?:parter\w*|partner\w*"
    r"|medlem\w*|members?|signator\w*|underskriver\w*|invited|inviterede|inviterte)\b(?!\s+og)"
    r"|kun\s+(?:for\s+)?(?:de|den|partnerne|parterne|medlemmer\w*|inviterede)\b"
    r"|bare\s+(?:for\s+)?(?:de|partnerne|medlemmer\w*|inviterte)\b|udelukkende|utelukkende"
    r"|only\s+(?:for\s+)?(?:the\s+)?(?:partners|members|invited|named|founding|signator\w*)"
    r"|lukket\s+(?:kreds|krets|gruppe|partnerskab\w*|forum)|closed\s+(?:group|partnership|circle)"
    r"|by\s+invitation|efter\s+invitation|etter\s+invitasjon|invitation\s+only"
    r"|forbeholdt|reserved\s+for|exclusively|ikke\s+åben\s+for|ikke\s+åpen\s+for"
    r"|not\s+open\s+to|ikke\s+aktuelt\s+(?:å|at)\s+utvide|ikke\s+aktuelt\s+at\s+udvide"
    r"|no\s+new\s+(?:partners|members)|ingen\s+nye\s+(?:partnere|parter|medlemmer)"
    r"|(?:membership|partnership)\s+is\s+(?:fixed|limited|closed)|limited\s+to\s+(?:the\s+)?"
    r"(?:\w+\s+)?(?:partners|members|bodies|organisations))",
    _I,
)
# Openness itself: others may join ("åben for nye", "anyone who wants to", "invites"), not the
# named partners' own contributions ("X bidrager med frivillige" says nothing of others).
OPEN = re.compile(
    r"\b(?:alle,?\s+(?:der|som)\s+(?:vil|ønsker|kan)|anyone|everyone\s+who|all\s+who|open\s+to"
    r"|åben\w*\s+for|åpen\w*\s+for|inviter\w*|invit\w*|welcome\w*|velkom\w*|join\w*"
    r"|take\s+part|medskab\w*|co-?creat\w*|co-?design\w*|samskab\w*|samskap\w*|melde\s+sig"
    r"|melde\s+seg|slutte\s+seg|tilslutte\s+sig|nye\s+(?:aktører|partnere|parter|medlemmer)"
    r"|new\s+(?:partners|members|actors)|(?:others|andre|flere)\s+(?:som|der|who)\s+(?:vil|wants?"
    r"|ønsker)|everyone\s+has\s+a\s+(?:role|part)|alle\s+har\s+en\s+rolle)",
    _I,
)
