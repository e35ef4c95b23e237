"""The plan's content, transcribed from plan_loading/seed/handlingsplan.txt.

Text stays exactly as the municipality wrote it, typos included
("radikaliserings", "Prosesen", "risikozonen"). Paragraphs keep the seed's
inline markup: `**bold**` and `[link text](target)`. A target of `#` means
the seed does not say where the link goes (`MISSING_TARGET`); the loader
keeps the link text as plain text and reports it.

Left out on purpose, because the site generates or ignores them: the table
of contents (seed lines 22-58), a repeated table header (line 337) and
space-only lines (217, 246). Sentences that page layout split over two lines
(221/223 and 267/269) are one paragraph each (`Paragraph.joined`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

MISSING_TARGET = "#"


# --- Shapes ---------------------------------------------------------------


@dataclass(frozen=True)
class ImageSpec:
    """A photo the seed only names; the loader draws a placeholder for it."""

    title: str
    description: str  # alt text
    photo_credit: str  # shown as "Foto: {photo_credit}"
    colour: tuple[int, int, int]


@dataclass(frozen=True)
class Paragraph:
    text: str  # with the seed's inline markup (**bold**, [text](target))
    joined_from: tuple[str, ...] = ()  # the seed lines page layout split it into

    @classmethod
    def joined(cls, *parts: str) -> Paragraph:
        return cls(" ".join(parts), tuple(parts))


@dataclass(frozen=True)
class Section:
    number: str
    title: str


@dataclass(frozen=True)
class Subheading:
    text: str


@dataclass(frozen=True)
class Definition:
    term: str
    explanation: str


@dataclass(frozen=True)
class Quote:
    quote: str
    attribution: str = ""


@dataclass(frozen=True)
class Callout:
    label: str
    text: str


@dataclass(frozen=True)
class BulletList:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Figure:
    image: ImageSpec
    caption: str


@dataclass(frozen=True)
class SignCategory:
    title: str
    signs: tuple[str, ...]


@dataclass(frozen=True)
class SignList:
    title: str
    intro: str
    categories: tuple[SignCategory, ...]


@dataclass(frozen=True)
class PushPull:
    push_factors: tuple[str, ...]
    pull_factors: tuple[str, ...]


@dataclass(frozen=True)
class GuideStep:
    action: str  # the HANDLING cell
    responsible: str  # the ANSVARLIG cell


@dataclass(frozen=True)
class GuideTable:
    steps: tuple[GuideStep, ...]
    caption: str = ""


@dataclass(frozen=True)
class MeasureSpec:
    how: str  # the "Hvordan" cell
    responsible_text: str  # the "Ansvar" cell
    actors: tuple[str, ...]  # the actors named in the "Ansvar" cell


@dataclass(frozen=True)
class GoalAreaSpec:
    title: str
    measures: tuple[MeasureSpec, ...]


@dataclass(frozen=True)
class Measures:
    goal_area: GoalAreaSpec


@dataclass(frozen=True)
class ContactSpec:
    name: str
    phone_numbers: tuple[str, ...]
    email: str = ""
    warning: str = ""
    seed_link: str = MISSING_TARGET  # where the seed links the number(s) to


@dataclass(frozen=True)
class Contacts:
    title: str
    contacts: tuple[ContactSpec, ...]


@dataclass(frozen=True)
class Source:
    title: str
    url: str  # MISSING_TARGET when the seed does not give the address


@dataclass(frozen=True)
class Sources:
    sources: tuple[Source, ...]
    intro: str = ""


@dataclass(frozen=True)
class DocumentHistory:
    """Where the plan's history table goes; its rows are `HISTORY`."""


Block = (
    Section
    | Subheading
    | Paragraph
    | Figure
    | Definition
    | Callout
    | BulletList
    | Quote
    | SignList
    | GuideTable
    | PushPull
    | Measures
    | Contacts
    | Sources
    | DocumentHistory
)


@dataclass(frozen=True)
class Chapter:
    number: int
    title: str
    body: tuple[Block, ...]
    intro: str = ""
    lead_image: ImageSpec | None = None
    lead_image_caption: str = ""


@dataclass(frozen=True)
class HistoryRow:
    date: date
    version: str
    change: str
    responsible: str


@dataclass(frozen=True)
class Home:
    title: str
    call_to_read: str
    slug: str


@dataclass(frozen=True)
class Plan:
    slug: str
    title: str
    document_type: str
    subtitle: str
    municipality: str
    period: str
    version: str
    version_date: date
    goal: str
    intro: tuple[Paragraph, ...]


# --- Front matter (seed lines 5-20) -----------------------------------------

MUNICIPALITY = "Holmestrand kommune"

HOME = Home(title=MUNICIPALITY, call_to_read="Les planen", slug="home")

GOAL = "Å fange opp personer i risikozonen så tidlig som mulig, og møte dem med tiltak som virker."

PLAN = Plan(
    slug="handlingsplan",
    title="Plan mot utenforskap, radikalisering og voldelig ekstremisme",
    document_type="Handlingsplan",
    subtitle="Forebygging av utenforskap, radikalisering og voldelig ekstremisme",
    municipality=MUNICIPALITY,
    period="2021 – 2022",
    version="1.3",
    version_date=date(2022, 2, 10),
    goal=GOAL,
    intro=(
        Paragraph(
            "Med denne handlingsplanen ønsker vi å styrke arbeidet med å forebygge utenforskap, "
            "radikalisering og voldelig ekstremisme i vår kommune. Vi ønsker å jobbe for at alle "
            "innbyggere, uansett bakgrunn, finner trygghet og tilhørighet i sitt nærområde."
        ),
        Paragraph(
            "Denne handlingsplanen er derfor laget både for ansatte og innbyggere i Holmestrand "
            "kommune. Sammen kan vi bidra til trygghet, tilhørighet og gode nærmiljø for alle. Å "
            "fange opp personer i risikozonen så tidlig som mulig, og møte dem med tiltak som "
            "virker."
        ),
        Paragraph(
            "Les planen på siden vår ved å bla eller klikke deg gjennom sidene. Du kan også laste "
            "ned en PDF-versjon av planen: [Plan mot utenforskap, radikalisering og voldelig "
            "ekstremisme](#)"
        ),
    ),
)


# --- Images (the seed names them; the photos themselves are not in it) ------

FORORD_IMAGE = ImageSpec(
    title="Denne handlingsplanen er laget både for ansatte og innbyggere i Holmestrand kommune",
    description="Denne handlingsplanen er laget både for ansatte og innbyggere i Holmestrand kommune",
    photo_credit="Lucy K. Østmann",
    colour=(214, 228, 236),
)
TUNNEL_IMAGE = ImageSpec(
    title="Radikaliseringprosessen kan sammenlignes med å være i en tunnel",
    description="Radikaliseringprosessen kan sammenlignes med å være i en tunnel",
    photo_credit="Lucy K. Østmann",
    colour=(222, 226, 214),
)
AKTORKART_IMAGE = ImageSpec(
    title="Aktørkart",
    description="Aktørkart",
    photo_credit="Regjeringen",
    colour=(236, 228, 214),
)
IMAGES = (FORORD_IMAGE, TUNNEL_IMAGE, AKTORKART_IMAGE)


# --- Actors, goal areas and measures (chapter 6) -----------------------------

SLT = "SLT"
SLT_KOORDINATOR = "SLT-koordinator"
LEDERGRUPPE = "Ledergruppe"
POLITISK_BEHANDLING = "Politisk behandling"
POLITISTASJONSSJEF = "Politistasjonssjef"
ORDFORER = "Ordfører"
POLITIKONTAKT = "Politikontakt"
POLITIET = "Politiet"
NAV = "NAV"
SKOLER_OG_BARNEHAGER = "Skoler og barnehager"
KONFLIKTRADET = "Konfliktrådet"
KRIMINALOMSORGEN = "Kriminalomsorgen"
KOMMUNIKASJONSRADGIVER = "Kommunikasjonsrådgiver"
BARNEVERN = "Barnevern"
PST = "PST"

ACTORS: tuple[str, ...] = (
    SLT,
    SLT_KOORDINATOR,
    LEDERGRUPPE,
    POLITISK_BEHANDLING,
    POLITISTASJONSSJEF,
    ORDFORER,
    POLITIKONTAKT,
    POLITIET,
    NAV,
    SKOLER_OG_BARNEHAGER,
    KONFLIKTRADET,
    KRIMINALOMSORGEN,
    KOMMUNIKASJONSRADGIVER,
    BARNEVERN,
    PST,
)

POLITIET_MED_KOMMUNEN = "Politiet i samarbeid med aktuelle instanser i kommunen"

GOAL_AREAS: tuple[GoalAreaSpec, ...] = (
    GoalAreaSpec(
        "Sikre samordning, koordinering og samarbeid",
        (
            MeasureSpec(
                "Oppfølging av nasjonal handlingsplan", "Ledergruppe, SLT", (LEDERGRUPPE, SLT)
            ),
            MeasureSpec(
                "Forankre lokal handlingsplan",
                "Politisk behandling, Ledergruppe, SLT",
                (POLITISK_BEHANDLING, LEDERGRUPPE, SLT),
            ),
            MeasureSpec("Årlig evaluering av lokal handlingsplan", "SLT", (SLT,)),
            MeasureSpec(
                "Samarbeidsforum: Politiråd",
                "Politistasjonssjef og Ordfører",
                (POLITISTASJONSSJEF, ORDFORER),
            ),
            MeasureSpec(
                "Drøfting av bekymring",
                "SLT-koordinator og politikontakt + ressurspersoner",
                (SLT_KOORDINATOR, POLITIKONTAKT),
            ),
            MeasureSpec(
                "Utvikle modell for systematisk avdekking og iverksetting av tiltak rettet mot "
                "risikogrupper og enkeltpersoner",
                "SLT",
                (SLT,),
            ),
        ),
    ),
    GoalAreaSpec(
        "Sikre et trygt og inkluderende nærmiljø",
        (
            MeasureSpec(
                "Trygt og inkluderende læringsmiljø.",
                "Skoler og barnehager",
                (SKOLER_OG_BARNEHAGER,),
            ),
            MeasureSpec(
                "Undervisningsopplegg om radikaliserings og hatkriminalitet",
                "Skoler og barnehager i samarbeid med SLT",
                (SKOLER_OG_BARNEHAGER, SLT),
            ),
        ),
    ),
    GoalAreaSpec(
        "Sikre tett og målrettet oppfølging av ekstreme personer og miljøer",
        (
            MeasureSpec("Forebygging", "SLT, NAV og Politiet", (SLT, NAV, POLITIET)),
            MeasureSpec(
                "Bekymrings-, avklarings- og oppfølgingssamtaler",
                POLITIET_MED_KOMMUNEN,
                (POLITIET,),
            ),
            MeasureSpec(
                "Veiledning og informasjon til foresatte, ektefeller og familie",
                POLITIET_MED_KOMMUNEN,
                (POLITIET,),
            ),
            MeasureSpec("Ut av ekstreme nettverk og miljøer", POLITIET_MED_KOMMUNEN, (POLITIET,)),
            MeasureSpec("Ungdomsoppfølging og ungdomsstraff", "Konfliktrådet", (KONFLIKTRADET,)),
        ),
    ),
    GoalAreaSpec(
        "Sikre informasjon, kunnskap og felles møtearenaer",
        (
            MeasureSpec("Samfunnsstraff og fengsel", "Kriminalomsorgen", (KRIMINALOMSORGEN,)),
            MeasureSpec(
                "Lokal handlingsplan legges på kommunens hjemmeside",
                "SLT-koordinator/ kommunikasjonsrådgiver",
                (SLT_KOORDINATOR, KOMMUNIKASJONSRADGIVER),
            ),
            MeasureSpec(
                "Kurs, fagsamling og opplæring for ansatte",
                "Politiet/SLT- koordinator",
                (POLITIET, SLT_KOORDINATOR),
            ),
            MeasureSpec("Søke midler til kriminalitetsforebyggende arbeid.", "SLT", (SLT,)),
            MeasureSpec(
                "Presentere handlingsplanen for ansatte og politikere.",
                "SLT-koordinator",
                (SLT_KOORDINATOR,),
            ),
        ),
    ),
)


# --- Contacts (chapter 7) -----------------------------------------------------

CONTACTS: tuple[ContactSpec, ...] = (
    ContactSpec("Politiet", ("02800",)),
    ContactSpec("Legevakten", ("116117",)),
    ContactSpec("Barnevernvakten", ("33 31 02 03",)),
    ContactSpec("Alarmtelefonen for barn og unge", ("116 111",)),
    ContactSpec(
        "Barneverntjenesten",
        ("954 42 020",),
        email="barneverntjenesten@holmestrand.kommune.no",
        warning="Ikke send personsensitiv informasjon på epost.",
        seed_link="tel:95442020",
    ),
    ContactSpec("Helsestasjon for ungdom", ("33 06 43 00", "975 14 101")),
    ContactSpec("SLT-koordinator", ("478 92 261",)),
    ContactSpec("Krisesenteret i Vestfold", ("33 35 91 91",)),
)


# --- Document history (chapter 9), oldest first --------------------------------

HISTORY: tuple[HistoryRow, ...] = (
    HistoryRow(
        date(2021, 3, 2),
        "0.9",
        "Utkast endret etter innspill fra Camilla Hålien Johansen, Politioverbetjent og "
        "Radikalisering- og mangfoldskoordinator, Sør-Øst Politidistrikt, Felles Forebyggende "
        "Enhet",
        "SLT-koordinator",
    ),
    HistoryRow(
        date(2021, 3, 16),
        "1.0",
        "Utkast klargjort for første utsendelse til SLT-koordineringsgruppa",
        "SLT-koordinator",
    ),
    HistoryRow(
        date(2021, 5, 6),
        "1.1",
        "Endret innhold i tråd med tilbakemeldinger fra SLT-koordineringsgruppa, samlet "
        "informasjon til handlingsveileder",
        "SLT-koordinator",
    ),
    HistoryRow(
        date(2021, 5, 19),
        "1.2",
        "Endret oppsett for bruk på nett. Redigert innhold.",
        "SLT-koordinator",
    ),
    HistoryRow(date(2021, 9, 1), "1.2", "Godkjent i Politiråd", "Politiråd"),
    HistoryRow(
        date(2022, 2, 9),
        "1.3",
        "Godkjent i Kommunestyret. Endret etter innspill; Side 7 – strøket oppfattet etnisitet, "
        "og rettet fra §135 til §185. Side 9 – strøket avvikende holdninger, på side 7",
        "SLT-koordinator",
    ),
)


# --- Chapters -------------------------------------------------------------------

FORORD = Chapter(
    number=1,
    title="Forord",
    lead_image=FORORD_IMAGE,
    lead_image_caption=FORORD_IMAGE.title,
    body=(
        Paragraph(
            "Med denne handlingsplanen ønsker vi å styrke arbeidet med å forebygge utenforskap, "
            "radikalisering og voldelig ekstremisme i vår kommune."
        ),
        Quote(
            "Veien mot voldelig ekstremisme kan ofte starte som en søken etter et miljø å høre "
            "hjemme i."
        ),
        Paragraph(
            "Vi ønsker å jobbe for at alle innbyggere, uansett bakgrunn, finner tilhørighet og "
            "føler at de hører hjemme i sitt nærområde. Trygghet i hverdagen er en av de "
            "viktigste verdiene for oss alle og henger tett sammen med opplevelse av frihet. "
            "Mangel på trygghet kan gjøre oss utrygge og usikre."
        ),
        Paragraph(
            "Noen kan i en slik situasjon søke trygghet i kriminelle eller ekstreme miljøer. Det "
            "er derfor en viktig jobb å forebygge utrygghet og utenforskap."
        ),
        Paragraph(
            "Vi har allerede gode modeller for forebyggingsarbeidet blant annet i skolene. Et "
            "oppdatert læreplanverk fra høsten 2020 gir gode rammer for videre målrettet arbeid "
            "for ansvarlighet, inkludering og toleranse. Denne handlingsplanen skal bidra til at "
            "modellene også brukes aktivt for å forebygge nettopp radikalisering og voldelig "
            "ekstremisme."
        ),
        Paragraph(
            "Forebygging starter der vi bor, der vi er. Ansatte i kommunen eller politiet er ofte "
            "i første linje i møte med sårbare mennesker. Frivillige i trossamfunn, lag og "
            "foreninger kan også treffe mennesker i utfordrende og sårbare situasjoner. Derfor er "
            "det viktig å styrke det forebyggende arbeidet mot radikaliserings og voldelig "
            "ekstremisme med mer kunnskap, tettere samarbeid og økt koordinering av arbeidet på "
            "området. Handlingsplanen kan bidra til å styrke innsatsen på tvers av sektorer."
        ),
        Paragraph(
            "Målgruppen for denne handlingsplanen om utenforskap, radikaliserings og voldelig "
            "ekstremisme er derfor både ansatte og innbyggere i Holmestrand kommune. Sammen kan "
            "vi bidra til trygghet, tilhørighet og gode nærmiljø for alle."
        ),
        Paragraph(
            "I tillegg til målrettet forebygging mot radikaliserings og voldelig ekstremisme er "
            "dette arbeidet knyttet sammen med forebyggende arbeid mot utenforskap. Tidlig "
            "forebygging av utenforskap bidrar ikke bare til tilhørighet og sunn utvikling for "
            "barn og unge, men også for å forebygge radikaliserings og voldelig ekstremisme."
        ),
        Paragraph(
            "Denne handlingsplanen ble vedtatt av kommunestyret i Holmestrand kommune i 2021. "
            "Planen videreutvikles med nye og konkrete tiltak i samarbeid mellom kommunen, "
            "politiet og andre aktører."
        ),
        Callout("MÅL:", GOAL),
    ),
)

HVA_ER = Chapter(
    number=2,
    title="Hva er utenforskap, radikalisering og voldelig ekstremisme?",
    lead_image=TUNNEL_IMAGE,
    lead_image_caption=TUNNEL_IMAGE.title,
    intro=(
        "I dette kapitlet tar vi for oss hva mener vi med utenforskap, hva radikalisering og "
        "voldelig ekstremisme betyr og hva det kan føre til, hvem som blir radikalisert samt "
        "informasjon om trusselbildet."
    ),
    body=(
        Section("2.1", "Hva mener vi med utenforskap?"),
        Paragraph(
            "Utenforskap betegner mennesker eller grupper som står på utsiden av fellesskapet, "
            "eller som mangler sosial tilknytning til samfunnet. Det kan være personer som står "
            "utenfor skole- og arbeidsliv, som har et svært begrenset sosialt nettverk, eller som "
            "ikke opplever tilhørighet til storsamfunnet."
        ),
        Paragraph(
            "Utenforskap er et strukturelt samfunnsproblem med store konsekvenser som er til "
            "hinder for at enkelte mennesker kan leve gode liv."
        ),
        Paragraph(
            "Utenforskap kan ramme alle, men noen grupper er mer utsatt. Ulikhet i helse, "
            "utfordringer med rus, psykiske lidelser, lav deltakelse i fritidsaktiviteter, "
            "prestasjonspress, ulikhet i økonomi, samt ulike muligheter for å følge utdanningsløp "
            "og skaffe seg jobb, er eksempler på forhold som kan føre til utenforskap."
        ),
        Paragraph(
            "Forebygging av utenforskap viser seg å forebygge en lang rekke vansker og "
            "utfordringer. I denne planen snakker vi om utenforskap som gir ekstra sårbarhet for "
            "radikalisering og voldelig ekstremisme."
        ),
        Paragraph(
            "Når det gjelder voldelig fundamentalisme, rekruttering og radikalisering av unge med "
            "kulturell minoritetsbakgrunn, knyttes utenforskap ofte til det å forvalte en annen "
            "kultur, etnisitet eller religion enn majoriteten."
        ),
        Paragraph(
            "Utenforskap kan også være et resultat av krysskulturelle utfordringer hvor man føler "
            "seg fastlåst mellom ulike norm og verdisystemer og opplever avmakt i forhold til "
            "identitetsforhandlinger og tilhørighet."
        ),
        Paragraph(
            "Kilder: [Drammen kommunes handlingsplan for utenforskap](#) og [det store norske "
            "leksikon](#)"
        ),
        Section("2.2", "Hva betyr radikalisering og voldelig ekstremisme?"),
        Paragraph(
            "Det er viktig å skille mellom radikalisering og det å være radikal. Begrepet radikal "
            "brukes om det som er omveltende og ytterliggående."
        ),
        Paragraph(
            "Det er ikke ulovlig å være radikal. Ofte brukes begrepet med et positivt ladet "
            "fortegn."
        ),
        Paragraph(
            "Radikale holdninger og handlinger kan gjøre seg gjeldende innenfor både politikk, "
            "religion, etikk, kunst og kultur og så videre. Store endringer i samfunnet har blitt "
            "oppnådd på grunn av at radikale personer har drevet frem en sak eller endring. Her "
            "kan nevnes for eksempel mahatma Gandhi, Martin Luther King, Nelson Mandela og Gloria "
            "Steinem."
        ),
        Definition(
            "Radikalisering",
            "Prosess der en person eller gruppe i økende grad aksepterer bruk av vold som "
            "virkemiddel for å nå politiske, ideologiske eller religiøse mål, og hvor voldelig "
            "ekstremisme kan bli en følge.",
        ),
        Definition(
            "Voldelig ekstremisme",
            "Aktiviteten til personer og grupperinger som er villig til å bruke vold for å nå "
            "sine politiske, ideologiske eller religiøse mål.",
        ),
        Paragraph("Med **ekstremisme** menes her at man:"),
        Paragraph("a) kun aksepterer egne meninger og,"),
        Paragraph(
            "b) mener det er legitimt å ty til vold for å få gjennomslag for sine meninger "
            "(politiske mål)."
        ),
        Paragraph(
            "Noen forstår ekstremisme som ekstreme meninger, meninger som skiller seg veldig mye "
            "fra flertallets meninger. Demokratisk sett er det imidlertid viktig å skille skarpt "
            "ved legitimering av vold."
        ),
        Definition(
            "Radikaliseringsprosesser",
            "Kan variere fra person til person og fra gruppe til gruppe, og kan skje innen alle "
            "typer av livssyn, kulturell bakgrunn og politiske retninger. Prosessen kan skje "
            "gradvis over lengre eller kortere tid, men også fremstå som en akutt endring hos en "
            "person.",
        ),
        Subheading("Radikaliseringstunnelen"),
        Paragraph(
            "Radikaliseringsprosessen kan sammenlignes med å være i en tunnel. I "
            "radikaliseringstunnelen vil et individ bli eksponert for et snevert og ensidig syn "
            "på verden. Radikalisering kan foregå både gjennom fysiske og virtuelle møter."
        ),
        Paragraph("[Radikaliseringstunnelen er nærmere forklart her](#)"),
        Paragraph(
            "Det er ikke et entydig svar på hva som skjer med en person i en "
            "radikaliseringsprosess. Det vi vet er mangel på sosial tilhørighet ofte har "
            "vesentlig betydning for prosessen."
        ),
        Paragraph(
            "Noen sentrale faktorer kan være mangel på identitetsfølelse, endring av vennekrets og "
            "tilbaketrekking fra samfunnet. Å ha begått kriminelle handlinger eller personlige "
            "egenskaper som å være lett påvirkelig, er også viktige momenter."
        ),
        Paragraph("Prosesen karakteriseres gjerne ved utvikling av:"),
        BulletList(
            (
                "et ensidig verdensbilde",
                "en oppfatning av å eie den objektive sannheten",
                "en oppfatning av at hensikten helliger midlene",
                "et fiendebilde med «vi-og-de andre» forestillinger, som kan brukes for å "
                "rettferdiggjøre og berettige bruk av vold",
                "en aksept for bruk av vold for å nå politiske mål",
                "en opplevelse av at situasjonen er så akutt og alvorlig at drastiske handlinger "
                "rettferdiggjøres som nødvendige",
            )
        ),
        Paragraph("Kilde: Regjeringens begrepsveileder for radikalisering"),
        # The heading says "radikaliserings"; the seed's table of contents says "radikalisering".
        Section("2.3", "Hva kan radikaliserings og voldelig ekstremisme føre til?"),
        Definition("Hatkriminalitet", "Voldelig ekstremisme er hatkriminalitet."),
        Paragraph(
            "Hatkriminaliteten kan også omfatte trusler eller skadeverk, straffbare handlinger "
            "som helt eller delvis er motivert av negative holdninger til en person eller gruppes "
            "etnisitet, religion, politiske tilhørighet, seksuelle orientering, kjønnsuttrykk "
            "eller nedsatte funksjonsevne."
        ),
        Definition("Hatytringer", "Det finnes ingen felles definisjon av hatefulle ytringer."),
        Paragraph(
            "Mange forstår hatytringer som ytringer som er av hatefulle eller diskriminerende "
            "art, og som retter seg mot en gruppe eller mot et individs reelle eller antatte "
            "gruppetilhørighet. Hatefulle ytringer kan ha alvorlige konsekvenser for "
            "enkeltpersoner, grupper eller hele samfunnet. Noen av disse ytringene er lovlige og "
            "andre kan være ulovlige. Hva som anses som ulovlig varierer fra land til land."
        ),
        Paragraph("Straffbare hatytringer kategoriseres som hatkriminalitet."),
        Paragraph(
            "Hatefulle ytringer, mobbing, hets og annen negativ adferd grenser mot og overlapper "
            "hverandre til dels. Hatefulle ytringer skiller seg fra andre negative ytringer ved at "
            "de direkte eller indirekte formidler et budskap overfor en større gruppe. På den "
            "måten kan de ramme verdigheten, anseelsen og statusen til både enkeltpersoner og "
            "hele grupper i samfunnet."
        ),
        Definition("Nettekstremisme", "Radikalisering og voldelig ekstremisme på internett."),
        Paragraph(
            "Nettekstremismen består i å fremme ekstreme ideologier og ytringer på internett, som "
            "kan rammes av straffeloven § 185 om diskriminerende og hatefulle ytringer."
        ),
        Definition(
            "Fremmedkriger",
            "En privatperson som har reist til konfliktsoner i utlandet hvor de kan ha deltatt i "
            "kamphandlinger uten å være en del av regulære, væpnede styrker.",
        ),
        Paragraph("Kilde: Drammen kommunes handlingsplan for utenforskap"),
        Section("2.4", "Hvem blir radikalisert?"),
        Paragraph(
            "PST har utarbeidet to rapporter om bakgrunnen til personer knyttet til henholdsvis "
            "ekstreme islamistiske og høyreekstreme miljøer i Norge."
        ),
        Paragraph(
            "Analysene viser at det primært er menn som radikaliseres. Videre en overvekt av unge "
            "mennesker under 30 år som radikaliseres. Blant de høyreekstreme ser vi imidlertid at "
            "også voksne over 40 år radikaliseres. For øvrig har mange gjennomgående lav "
            "utdanning, høy grad av arbeidsledighet, høy forekomst av sårbarhetsfaktorer som "
            "rusproblematikk og utfordringer knyttet til psykisk helse, samt høy grad av "
            "kriminalitet, herunder også voldsrelatert kriminalitet."
        ),
        Paragraph(
            "PST viser til at radikalisering foregår på en rekke ulike arenaer. Radikalisatorer "
            "kan opptre blant venner og familie i den private sfæren, men kan også kan være "
            "personer med ambisjoner om å nå folk de ikke kjenner på offentlige arenaer. Slike "
            "arenaer kan være fengsler, asylmottak og religiøse arenaer."
        ),
        Paragraph(
            "Radikalisatorer kan også være personer som oppholder seg i utlandet og når frem til "
            "personer i Norge enten ved å reise hit, eller ved å være i kontakt med dem over "
            "internett. Produksjon og spredning av konspirasjonsteorier og ekstrem propaganda på "
            "internett er en særlig utfordring."
        ),
        Paragraph("Kilde: Regjeringens handlingsplan mot radikalisering og voldelig ekstremisme"),
        Section("2.5", "Trusselbildet"),
        Paragraph(
            "PST, utarbeider årlig en nasjonal trusselvurdering. De viser til at radikalisering "
            "foregår på en rekke ulike arenaer. I regjeringens handlingsplan mot radikalisering og "
            "voldelig ekstremisme fra 2014 ble det referert til at PST hadde pekt på særlig to "
            "grupperinger i Norge som kan bidra til å radikalisere ungdom; "
            "al-Qaida-inspirert ekstremisme som fremmer hat og voldsretorikk rettet mot Vesten, "
            "og den andre motpolen er norske høyreekstreme aktører som forfekter et "
            "islamfiendtlig eller innvandringsfiendtlig verdensbilde. Miljøet i Norge bestod i "
            "2014 av løse nettverk med mer eller mindre ekstreme enkeltpersoner. Grupper, "
            "organisasjoner eller ledere som kan virke samlende, var fraværende."
        ),
        Paragraph(
            "I regjeringens reviderte plan fra 2020 sies det at trusselbildet i Norge innen "
            "politisk motivert vold har endret seg noe i løpet av det siste året. Over flere år "
            "har ISIL og fremmedkrigere fått særlig stor oppmerksomhet. Det ble vurdert som mulig "
            "at ekstreme islamister ville forsøke å gjennomføre terrorhandlinger i Norge i 2020. "
            "Det var en økt bekymring knyttet til høyreekstreme miljøer og enkeltpersoner med "
            "høyreekstreme holdninger. Gjennom 2019 så vi flere eksempler på angrep utført av "
            "personer med høyreekstreme og innvandringsfiendtlige holdninger i andre land, og i "
            "Norge med et rasistisk motivert drap og angrepet mot en moské i Bærum. Trusselen fra "
            "venstreekstreme ble vurdert som lav."
        ),
        Paragraph(
            "I den nasjonale trusselvurderingen for 2021 sier PST at det vurderes som mulig at "
            "både ekstreme islamister og høyreekstremister vil forsøke å gjennomføre "
            "terrorhandlinger i Norge det kommende året. Trusselen fra ekstreme islamister "
            "vurderes som skjerpet. Bakgrunnen for dette er den økte spenningen mellom "
            "ytringsfriheten og det mange muslimer opplever som krenkelser av islam. Enkelte kan "
            "inspireres til å planlegge terror."
        ),
        Paragraph(
            "Videre sier PST at det forventes økt radikalisering til høyreekstremisme det "
            "kommende året. Digitale plattformer vil være viktige arenaer for denne "
            "radikaliseringen, der enkelte kan inspireres til høyreekstrem terrorplanlegging."
        ),
        Paragraph(
            "Det er svært lite sannsynlig med terrorforsøk fra venstreekstremister i Norge. "
            "Bekjempelse av høyreekstremisme vil fremdeles være en samlende kampsak for disse."
        ),
        Paragraph.joined(
            "Antistatlige strømninger, der staten anses som illegitim, vurderes å ha et potensial "
            "for å radikalisere enkelte personer i 2021. Miljøaktivisme vurderes å være en sak "
            "som har et potensial for å radikalisere enkelte personer",
            "på sikt.",
        ),
        Paragraph(
            "Kilde: Regjeringens handlingsplan mot radikaliserings og voldelig ekstremisme og PST "
            "sin nasjonale trusselvurdering"
        ),
    ),
)

FOREBYGGE = Chapter(
    number=3,
    title="Hvordan kan vi forebygge?",
    lead_image=AKTORKART_IMAGE,
    lead_image_caption=AKTORKART_IMAGE.title,
    intro=(
        "I dette kapitlet tar vi for oss forebygging, tidlig innsats og aktørene i kommunen som "
        "jobber med å forebygge utenforskap, radikaliserings og voldelig ekstremisme."
    ),
    body=(
        Section("3.1", "Forebygging og tidlig innsats"),
        Paragraph(
            "Forebyggingsarbeidet er sentralt for å sikre grunnleggende verdier som demokrati, "
            "menneskerettigheter og trygghet. Det å kunne leve uten frykt for å bli utsatt for "
            "hat og vold er en grunnleggende verdi i samfunnet."
        ),
        Paragraph(
            "I Norge er det ytringsfrihet. Ytringsfrihet er en av de grunnleggende rettighetene i "
            "FNs menneskerettighetskonvensjon. Å ha ytringsfrihet betyr at alle i Norge i "
            "utgangspunktet har lov til å gi uttrykk for det de mener."
        ),
        Paragraph(
            "Loven setter grensen ved ytringer som er hatefulle eller diskriminerende. Slike "
            "ytringer er straffbare. Ekstreme eller radikale ytringer er som regel ikke ulovlige."
        ),
        Paragraph(
            "Målet er derfor ikke å forebygge kontroversielle meninger og ytringer men å "
            "forebygge voldelig ekstremisme. Det er viktig at det forebyggende arbeidet gjøres på "
            "en måte som ikke bidrar til stigmatisering og generalisering på bakgrunn av kjønn, "
            "etnisitet, religion eller sosioøkonomisk status. Arbeid for tilhørighet og "
            "inkludering og mot utenforskap mener vi vil bidra til lavere risiko for "
            "radikaliserings og økt beskyttelse mot utvikling av voldelig ekstremisme."
        ),
        Paragraph("Forebygging krever helhetlig innsats på tvers av fagområder og tjenestetilbud."),
        Paragraph(
            "Det er viktig å bygge videre på de gode erfaringene vi har med lokal samhandling for "
            "å forebygge kriminalitet. Alle offentlig ansatte skal forholde seg til gjeldende "
            "regelverk om informasjonsdeling og samarbeid, et arbeid som kan være utfordrende for "
            "informasjonsutveksling."
        ),
        Paragraph(
            "Så langt det er mulig, skal offentlige ansatte samarbeide i tråd med intensjonen i "
            "regjeringens handlingsplan. Et samarbeid bør bygge på anonymisering eller samtykke "
            "fra den det gjelder eller dennes foresatte. Det er viktig å være klar over at "
            "plikten til å avverge en straffbar handling går foran taushetsplikten."
        ),
        Paragraph(
            "Et inkluderende samfunn hvor alle får mulighet til å delta ut i fra sine egne "
            "ressurser og interesser vil virke forebyggende både på sosial utstøting, "
            "marginalisering og kriminalitet. Kjernen i forebygging av ekstremisme er den samme "
            "som for forebygging av blant annet skoletrafikk, rusproblematikk og kriminalitet. "
            "Alle har et ansvar for å motvirke utstøtelsesmekanismer og utenforskap i "
            "hverdagslivet til alle barn og unge. Vi må alle forsøke å bidra til at unge utvikler "
            "et godt selvbilde og en identitet knyttet til å være en del av et positivt "
            "fellesskap."
        ),
        Section("3.2", "Aktører"),
        Figure(AKTORKART_IMAGE, "Aktørkart"),
        Paragraph(
            "Regjeringen lanserte i juni 2014 Handlingsplan mot radikaliserings og voldelig "
            "ekstremisme."
        ),
        Paragraph(
            "Med denne handlingsplanen ønsket Regjeringen å styrke det forebyggende arbeid mot "
            "voldelig ekstremisme gjennom økt kunnskap, mer samarbeid og bedre koordinering. "
            "Innsatsen må styrkes på tvers av fagområder og samfunnssektorer. Figuren under side "
            "viser en oversikt over alle aktører som skal bidra i arbeidet med å forebygge "
            "radikaliserings og voldelig ekstremisme."
        ),
        Paragraph.joined(
            "I figuren er mange av aktørene i kommunen som jobber med å forebygge utenforskap, "
            "radikaliserings og voldelig ekstremisme tegnet inn. Familie, venner, nærmiljøet, "
            "fritidsaktiviteter og en rekke andre aktører er også tegnet inn. Figuren viser at det "
            "er mange som kan bidra, og da er det viktig å kjenne til hverandre og koordinere",
            "innsatsen. Gjennom tiltak presentert i denne handlingsplanen vil kommunen jobbe for "
            "en bedre koordinering for å nå målet om å fange opp personer i risikosonen så tidlig "
            "som mulig, og møte dem med tiltak som virker.",
        ),
    ),
)

BEKYMRET = Chapter(
    number=4,
    title="Hva gjør du om du er bekymret for noen?",
    intro=(
        "Dersom du opplever bekymring for en person, er det viktig å ta tak i denne bekymringen "
        "og gjøre noe aktivt med den. På de neste sidene vil du finne råd om hvordan du kan gå "
        "fram, samt nyttige sjekklister som kan brukes underveis."
    ),
    body=(
        Section("4.1", "Avklar bekymringen"),
        Paragraph(
            "Hvis du er kommunalt ansatt og bekymret for hatytringer og voldelig ekstremisme hos "
            "en kollega eller en som bruker kommunale tjenester, skal du drøfte bekymringen med "
            "en leder. Er du privatperson, og er bekymret for økende grad av hatytringer og "
            "voldelig ekstremisme hos en venn, et familiemedlem, en nabo, en kollega, noen i din "
            "forening eller ditt trossamfunn, kan du kontakte kommunens SLT-koordinator eller "
            "politiet for råd eller for å ha noen og drøfte din bekymring med."
        ),
        SignList(
            title="Bekymringstegn og signaler",
            intro=(
                "Det enkelte bekymringstegn gir i seg selv ikke nødvendigvis grunn til bekymring. "
                "Det er når flere bekymringstegn opptrer samtidig at du bør gjøre noe med "
                "bekymringen din."
            ),
            categories=(
                SignCategory(
                    "Interesser/utseende/symbolbruk",
                    (
                        "Appellerer til og søker etter ekstremistisk materiale på nett",
                        "Endrer utseende, klesdrakt m.m.",
                        "Benytter symboler knyttet til ekstremistiske idealer og organisasjoner",
                        "Slutter på skolen, med fritidsaktiviteter m.m.",
                    ),
                ),
                SignCategory(
                    "Venner og sosialt nettverk",
                    (
                        "Endrer nettverk og omgangskrets",
                        "Omgås med personer og grupper som er kjent for ekstremisme",
                        "Omgås i grupper der det utøves trusler, vold og/eller annen kriminell "
                        "virksomhet",
                        "Medlem i ekstremistiske grupper, nettverk og organisasjoner",
                    ),
                ),
                SignCategory(
                    "Aktiviteter",
                    (
                        "Opptatt av ekstremisme på internett og sosiale medier",
                        "Deltar på demonstrasjoner og voldelige sammenstøt med andre grupper",
                        "Bruker trusler og vold som følge av ekstremisme",
                        "Hatkriminalitet",
                        "Reisevirksomhet som kan føre til økt radikalisering og kontakt med "
                        "ekstremister",
                    ),
                ),
                SignCategory(
                    "Uttalelser/ytringer",
                    (
                        "Intoleranse for andres synspunkter",
                        "Fiendebilder – vi og dem",
                        "Konspirasjonsteorier",
                        "Hatretorikk",
                        "Sympati for absolutte løsninger som avskaffelse av demokrati",
                        "Legitimerer vold",
                        "Trusler om vold for å nå politiske mål",
                    ),
                ),
            ),
        ),
        Paragraph(
            "Kilde: Regjeringens nasjonale veileder for forebygging av radikaliserings og "
            "voldelig ekstremisme."
        ),
        Section("4.2", "Snakk med den du er bekymret for"),
        Paragraph(
            "Når du som kommunalt ansatt har konkretisert innholdet i bekymringen din, skal du og "
            "en leder gjennomføre en samtale med den du er bekymret for. Denne typen samtaler kan "
            "være utfordrende. Derfor er det viktig å forberede seg godt, slik at ikke frykt for "
            "å gjøre feil blir et hinder for å gjennomføre samtalen. Et godt verktøy til "
            "forberedelse og gjennomføring av samtalen er samtaleverktøyet som du finner i "
            "nasjonal veileder."
        ),
        Paragraph(
            "Flere tjenester i kommunen kan også bistå i forberedelsen til samtalen. Be i "
            "tilfelle din leder om bistand til å finne relevante som kan hjelpe deg."
        ),
        Paragraph(
            "Er du privatperson, vil det kanskje ikke være naturlig at det er du som gjennomfører "
            "denne samtalen. Avklar med den du har drøftet bekymringen med om du bør ta denne "
            "samtalen, eller om kommunens team bør gjøre dette."
        ),
        Paragraph(
            "Når samtalen er gjennomført, kan det vurderes om det er behov for videre oppfølging, "
            "og hvordan det i tilfelle skal gjennomføres. I den sammenheng kan det være nyttig å "
            "vite litt om det som ofte omtales som press og motivasjonsfaktorer."
        ),
        Subheading("Press- og motivasjonsfaktorer"),
        Paragraph(
            "To begreper som ofte brukes internasjonalt for å belyse "
            "radikaliserings/avradikalisering er push (pressfaktorer) og pull "
            "(motivasjonsfaktorer). Pressfaktorer viser til negative sosiale krefter og "
            "omstendigheter som presser en person ut av et miljø, dvs. det som gjør det "
            "ubehagelig og lite greit å være en del av et bestemt sosialt miljø, slik at man "
            "presses over i et annet miljø."
        ),
        Paragraph(
            "Motivasjonsfaktorer referer til faktorer som trekker og motiverer personen inn i, "
            "eventuelt over i, et nytt miljø. Det er viktig å merke seg at tilstedeværelsen av "
            "risikofaktorer i seg selv ikke gir opphav til radikaliserings. De fungerer som tegn "
            "på omstendigheter som muliggjør at personen kan stå i fare for å radikaliseres. I "
            "oversikten på forrige side er mange av tegnene og signalene på radikaliserings "
            "listet opp. Faktorer som kan bidra til å avradikaliseres er listet opp under her."
        ),
        PushPull(
            push_factors=(
                "Strafferettslige reaksjoner",
                "Tar avstand fra vold",
                "Følelse av å bli krenket",
                "Mistet troen på ideologi",
                "Tap av tillit og status",
                "Tapte illusjoner om kameratskap og gruppering",
            ),
            pull_factors=(
                "Lengselen etter det normale liv",
                "Bekreftelse",
                "Tilhørighet til nye miljøer",
                "Attraktive ideologiske argumenter",
                "Får seg jobb",
                "Får seg kjæreste",
                "Stifter familie",
                "Nytt ideologisk standpunkt",
            ),
        ),
    ),
)

HANDLINGSVEILEDER = Chapter(
    number=5,
    title="Handlingsveileder: Hva gjør jeg ved bekymring?",
    body=(
        GuideTable(
            (
                GuideStep(
                    "Avklar bekymringen. Kartlegg mulige bekymringstegn. Drøft bekymringen, snakk "
                    "med din leder. Er du privatperson, kan du drøfte bekymringen din med "
                    "kommunens SLT-koordinator eller politiet. Om du ønsker, kan du være anonym.",
                    "Du, og eventuelt din leder.",
                ),
                GuideStep(
                    "Snakk med den du er bekymret for. Vær nysgjerrig og spør om hva som ligger "
                    "bak endringene/ utsagnene/ handlingene/ holdningene. Ta med lederen din i "
                    "samtalen om det er en kommunalt ansatt eller en bruker av kommunale "
                    "tjenester.",
                    "Du i samarbeid med din leder/eventuelt andre fagpersoner ved behov.",
                ),
                GuideStep(
                    "Oppfølging og tiltak. Når bekymringen er kartlagt og belyst, er det viktig å "
                    "se på mulige oppfølgingstiltak. Dette kan kommunens team hjelpe til med "
                    "dersom det ikke kan løses i din enhet, eller du er privatperson. Husk at "
                    "samtykke til å gå videre med bekymringen må innhentes, eller så må det kunne "
                    "benyttes en unntaksbestemmelse. Det lages en plan for målrettede tiltak og "
                    "hvem som skal følge opp, koordinere og evaluere. Tiltak kan være "
                    "relasjons-bygging og mentorarbeid for å få hjelp med å finne alternativ "
                    "miljø, moské, jobb, skole, bolig, idrett, nye rutiner, nettverk og sosial "
                    "deltakelse. Foresatte inkluderes i dette arbeidet når personen i faresonen "
                    "er under 18 år.",
                    "Du i samarbeid med din leder/ eventuelt andre fagpersoner ved behov. Din "
                    "enhet, eller kommunens team. Alle relevante instanser. Mentor/tillitsperson. "
                    "Foresatte.",
                ),
                GuideStep(
                    "Melding til politiet. Din bekymring kan drøftes anonymt med lokalt politi, og "
                    "det er viktig å sende en bekymringsmelding dersom det er grunnlag for dette. "
                    "Ved alvorlig bekymring varsles lokalt politi direkte.",
                    "Du. Virksomheten. Kommunen",
                ),
                GuideStep(
                    "Politiets oppfølging. Hvis flere instanser er bekymret for radikalisering, "
                    "hatkriminalitet og ekstremisme, eller bekymringen er alvorlig, kan politiet "
                    "innkalle til avklaringssamtale. Svært alvorlige bekymringer meldes videre til "
                    "PST av lokalt politi.",
                    "Politi (PST). Barnevern. Foresatte",
                ),
            )
        ),
    ),
)

TILTAK = Chapter(
    number=6,
    title="Tiltak i kommunen",
    body=tuple(Measures(goal_area) for goal_area in GOAL_AREAS),
)

KONTAKTINFORMASJON = Chapter(
    number=7,
    title="Kontaktinformasjon",
    body=(
        Paragraph(
            "Politiet har en egen [tipsløsning på nett](#) hvor man kan melde en bekymring for "
            "radikalisering."
        ),
        Contacts("Viktige telefonnummer", CONTACTS),
        Paragraph("[Du finner en rekke andre hjelpetiltak og steder du kan henvende deg her](#)"),
    ),
)

KILDER = Chapter(
    number=8,
    title="Kilder",
    body=(
        Sources(
            (
                Source("www.radikalisering.no", "https://www.radikalisering.no/"),
                Source("Nasjonal veileder", MISSING_TARGET),
                Source("Regjeringens handlingsplan", MISSING_TARGET),
            )
        ),
        Sources(
            (
                Source("Drammen kommune", MISSING_TARGET),
                Source("Larvik kommune", MISSING_TARGET),
                Source("Sandefjord kommune sin handlingsplan og veileder", MISSING_TARGET),
                Source("Tønsberg kommune", MISSING_TARGET),
                Source("Færder kommune", MISSING_TARGET),
                Source("Kristiansand kommune", MISSING_TARGET),
            ),
            intro="Andre kommuner har løst dette slik:",
        ),
    ),
)

DOKUMENTHISTORIKK = Chapter(number=9, title="Dokumenthistorikk", body=(DocumentHistory(),))

CHAPTERS: tuple[Chapter, ...] = (
    FORORD,
    HVA_ER,
    FOREBYGGE,
    BEKYMRET,
    HANDLINGSVEILEDER,
    TILTAK,
    KONTAKTINFORMASJON,
    KILDER,
    DOKUMENTHISTORIKK,
)


# --- The site around the plan: the municipality's identity and the site's own pages ---
#
# Not in the seed's text, which is the plan; every fact used here comes from it once
# (the municipality, the plan's contact). What the seed does not give (the
# municipality's address, general e-mail, logo, colours) stays empty for the
# communications adviser to fill in under Innstillinger → Kommunens identitet; the
# loader says so. The statements below describe this software, not the municipality.


@dataclass(frozen=True)
class Identity:
    municipality_name: str
    contact_heading: str
    contact_phone: str
    contact_address: str = ""
    contact_email: str = ""


@dataclass(frozen=True)
class AccessibilityStatement:
    slug: str
    title: str
    intro: str
    standard: tuple[Paragraph, ...]
    not_accessible: tuple[Paragraph, ...]
    feedback: tuple[Paragraph, ...]


@dataclass(frozen=True)
class PrivacyStatement:
    slug: str
    title: str
    intro: str
    body: tuple[Paragraph, ...]


# The plan's own contact: the SLT coordinator, who answers for the plan in its history.
PLAN_CONTACT = next(contact for contact in CONTACTS if contact.name == SLT_KOORDINATOR)

IDENTITY = Identity(
    municipality_name=MUNICIPALITY,
    contact_heading=f"Spørsmål om planen: {PLAN_CONTACT.name}",
    contact_phone=PLAN_CONTACT.phone_numbers[0],
)

ACCESSIBILITY_STATEMENT = AccessibilityStatement(
    slug="tilgjengelighetserklaering",
    title="Tilgjengelighetserklæring",
    intro=(
        f"{MUNICIPALITY} skal lage nettsider som alle kan bruke. Her står hvordan dette "
        "nettstedet oppfyller kravene til universell utforming, hva som ikke fungerer ennå, og "
        "hvordan du melder fra."
    ),
    standard=(
        Paragraph(
            "Nettstedet skal oppfylle kravene i forskrift om universell utforming av "
            "IKT-løsninger, som viser til WCAG 2.1 (Web Content Accessibility Guidelines) på "
            "nivå A og AA."
        ),
        Paragraph(
            "Alle sider, på alle språk, testes automatisk mot disse kravene med verktøyet "
            "axe-core, på stor skjerm og på mobil, hver gang nettstedet endres."
        ),
    ),
    not_accessible=(
        Paragraph(
            "Bildene i planen er foreløpig plassholdere: den alternative teksten beskriver "
            "bildet som skal inn, ikke plassholderen som vises."
        ),
        Paragraph(
            "PDF-versjonen av planen er ikke publisert ennå. Hele planen kan leses på nettsidene."
        ),
        Paragraph(
            "På oversatte sider er alternative tekster til bilder og dokumenthistorikken på "
            "norsk. De er merket som norsk tekst, slik at skjermlesere leser dem med norsk "
            "uttale."
        ),
    ),
    feedback=(
        Paragraph(
            "Opplever du at noe på nettstedet ikke fungerer for deg, vil vi gjerne høre det. "
            "Skriv hvilken side det gjelder, hva du prøvde å gjøre, og hva som ikke fungerte. "
            "Du får svar så snart vi har sett på det."
        ),
    ),
)

PRIVACY_STATEMENT = PrivacyStatement(
    slug="personvern",
    title="Personvernerklæring",
    intro=(
        f"{MUNICIPALITY} er behandlingsansvarlig for nettstedet. Her står hvilke "
        "opplysninger nettstedet behandler når du leser planen."
    ),
    body=(
        Paragraph(
            "**Ingen informasjonskapsler og ingen sporing.** Nettstedet setter ingen "
            "informasjonskapsler (cookies) når du leser eller søker, bruker ingen "
            "analyseverktøy og henter ingen skrifter, skript eller bilder fra andre nettsteder."
        ),
        Paragraph(
            "**Søk.** Det du skriver i søkefeltet, brukes bare til å finne treff og lagres ikke."
        ),
        Paragraph(
            "**Tekniske opplysninger.** For å beskytte det åpne programmeringsgrensesnittet "
            "(API-et) mot overbelastning teller serveren forespørsler per IP-adresse i ett "
            "minutt. Tellingen slettes deretter og brukes ikke til noe annet."
        ),
        Paragraph(
            "**Dine rettigheter.** Du har rett til innsyn i, retting og sletting av "
            "opplysninger om deg, og du kan klage til Datatilsynet. Kontakt oss om personvern "
            "på adressen nedenfor."
        ),
    ),
)
