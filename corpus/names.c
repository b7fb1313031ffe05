/* Word lists for recognising people and places, and the folding that makes
 * "Nazarbayev", "NAZARBAYEV" and "Nazarbáyev" one key.  The lists are
 * sorted so that lookups are a binary search. */
#include <stdlib.h>
#include <string.h>

#include "cab_mem.h"
#include "names.h"

static const char *const titles_words[] = {
    "a/dcm", "acting", "adm", "admiral", "adviser", "advisor", "aide", "ambassador",
    "ambassadors", "ameer", "amir", "archbishop", "assistant", "attache",
    "attorney", "ayatollah", "ayatollahs", "bishop", "brig", "brigadier",
    "candidate", "capt", "captain", "cardinal", "cda", "chair", "chairman",
    "chairperson", "chairwoman", "chancellor", "charge", "chargee", "chief", "cmdr",
    "col", "colonel", "commander", "commissioner", "congressman", "congresswoman",
    "conoff", "conoffs", "consul", "coordinator", "counsellor", "counselor",
    "crown", "dame", "dao", "dcm", "dcms", "dean", "delegate", "deputies", "deputy",
    "dfm", "director", "dona", "dr", "econ", "econcouns", "econoff", "embassy",
    "emir", "emperor", "envoy", "excellency", "father", "fm", "foreign", "former",
    "frau", "gen", "general", "generalissimo", "generals", "gens", "gov",
    "governor", "governors", "grand", "haji", "hajji", "head", "herr",
    "hojatoleslam", "hon", "honorable", "imam", "inspector", "judge", "justice",
    "king", "lady", "lawmaker", "leader", "legislator", "lieutenant", "lord", "lt",
    "ltc", "madame", "maj", "major", "marshal", "mayor", "mayors", "metropolitan",
    "mfa", "minister", "ministers", "miss", "mister", "mme", "mod", "moi",
    "monsignor", "mp", "mr", "mrs", "ms", "msgr", "mufti", "mullah", "officer",
    "ombudsman", "patriarch", "pm", "pol", "polchief", "polcouns", "polecon",
    "polmiloff", "poloff", "poloffs", "pope", "premier", "president", "presidente",
    "prime", "prince", "princess", "prof", "professor", "prosecutor", "queen",
    "rabbi", "rector", "rep", "representative", "rev", "reverend", "secretary",
    "sen", "senator", "senor", "senora", "sergeant", "sgt", "shah", "shaykh",
    "sheik", "sheikh", "sir", "speaker", "spokesman", "spokesperson", "spokeswoman",
    "sr", "sra", "sultan", "undersecretary", "vice", "vp",
};

static const char *const given_words[] = {
    "aaron", "abbas", "abdallah", "abdel", "abdelaziz", "abdelkader", "abdul",
    "abdulaziz", "abdulla", "abdullah", "abdulrahman", "abdurrahman", "abhisit",
    "abu", "adam", "adel", "adil", "adrian", "adriana", "agim", "ahmad", "ahmed",
    "ahmet", "aidan", "akbar", "akhmad", "akhmed", "ala", "alain", "alan", "albert",
    "alberto", "aleksander", "aleksandr", "aleksei", "alex", "alexander",
    "alexandra", "alexandre", "alexei", "alexey", "alfonso", "alfred", "alfredo",
    "ali", "alice", "alicia", "alisher", "almazbek", "alvaro", "alyaksandr",
    "amanda", "amin", "amine", "amir", "ammar", "amos", "amr", "ana", "anatoli",
    "anatolii", "anatoliy", "anatoly", "anatolyi", "anders", "andre", "andrea",
    "andreas", "andrei", "andres", "andrew", "andrey", "andrzej", "angel", "angela",
    "angelo", "anita", "ann", "anna", "anne", "annette", "anthony", "antoine",
    "anton", "antonio", "ariel", "arif", "arkady", "armando", "arnold", "arthur",
    "arturo", "ashraf", "asif", "askar", "aslan", "atal", "augusto", "avi",
    "avigdor", "ayman", "aziz", "babacan", "bakhyt", "bandar", "barack", "barbara",
    "bashar", "bassam", "beatriz", "ben", "benazir", "benjamin", "bernard",
    "bernardo", "betty", "bill", "blanca", "bob", "bogdan", "bohdan", "boris",
    "brian", "bruce", "bruno", "bulat", "bulent", "carl", "carla", "carlos",
    "carmen", "carol", "caroline", "catherine", "cecilia", "celso", "cesar",
    "charles", "chen", "cheng", "chris", "christian", "christina", "christine",
    "christopher", "claude", "claudia", "colin", "condoleezza", "constantin",
    "craig", "cristina", "dae", "dagmar", "dale", "dan", "daniel", "daniela",
    "danny", "dariusz", "dave", "david", "dean", "deborah", "deng", "denis",
    "deniz", "dennis", "devlet", "diana", "diego", "dieter", "dilma", "dimitri",
    "dimitrios", "dmitri", "dmitriy", "dmitry", "dmytro", "dominique", "donald",
    "dong", "doug", "douglas", "duncan", "edgar", "eduard", "eduardo", "edward",
    "egemen", "ehud", "elena", "elizabeth", "ellen", "elmar", "emil", "emile",
    "emilio", "emmanuel", "emomali", "enrique", "eric", "erik", "ernesto",
    "ertugrul", "esteban", "eugene", "evgeniy", "evgeny", "evo", "fabio", "fahd",
    "faisal", "farid", "farouk", "fatima", "fawzi", "federico", "felipe", "felix",
    "fernando", "fidel", "fouad", "francis", "francisco", "francois", "franjo",
    "frank", "franz", "fred", "frederick", "fuad", "gabriel", "galina", "gamal",
    "gary", "gennady", "georg", "george", "georges", "georgy", "gerald", "gerard",
    "gerhard", "gianfranco", "giorgi", "giovanni", "giulio", "giuseppe", "gloria",
    "gonzalo", "gordon", "graham", "gregory", "guido", "guillermo", "gul",
    "gulbuddin", "gulnara", "gurbanguly", "gustavo", "haider", "hamad", "hamid",
    "hamza", "hans", "harold", "harry", "hasan", "hashim", "hassan", "heinz",
    "helen", "helmut", "henri", "henry", "herbert", "hernan", "heydar", "hillary",
    "hiroshi", "horst", "hosni", "hossein", "hu", "hugo", "humberto", "hussein",
    "ian", "ibrahim", "ichiro", "igor", "ilham", "ilya", "imran", "inacio", "irina",
    "isaac", "ismail", "ivan", "ivo", "jack", "jacques", "jaime", "jalal", "james",
    "jan", "jane", "janet", "jason", "javier", "jean", "jeffrey", "jennifer",
    "jerzy", "jesus", "jiang", "jim", "joachim", "joan", "joao", "joaquin", "joe",
    "johann", "johannes", "john", "jon", "jong", "jorge", "joschka", "jose",
    "josef", "joseph", "juan", "julia", "julian", "julie", "julio", "junichiro",
    "jurgen", "karen", "karim", "karl", "kassym", "kasym", "kateryna", "katherine",
    "kathleen", "katsuya", "kemal", "kenneth", "kevin", "khaled", "khalid",
    "khalifa", "ki", "kim", "klaus", "kofi", "krishna", "kurmanbek", "kurt", "lal",
    "lars", "laura", "laurent", "lee", "leon", "leonid", "levon", "li", "linda",
    "lionel", "lisa", "liu", "lorenzo", "louis", "luc", "luca", "lucas", "luis",
    "luiz", "lyudmila", "magdalena", "mahmoud", "mahmud", "maksim", "manmohan",
    "manouchehr", "manuel", "marat", "marc", "marcelo", "marco", "marcos",
    "margaret", "maria", "mariano", "marie", "marina", "mario", "mark", "marta",
    "martin", "martine", "marwan", "mary", "massimo", "massoud", "mathieu",
    "matthew", "maurice", "mauricio", "max", "maxim", "mehdi", "mehmet", "mesut",
    "michael", "michel", "michelle", "miguel", "mikhail", "mikheil", "milan",
    "milo", "mir", "moammar", "mohamed", "mohammad", "mohammed", "moo", "moshe",
    "mousa", "muammar", "mubarak", "muhammad", "murat", "mustafa", "mykola",
    "myung", "nabih", "nabil", "nadia", "nahyan", "naif", "najib", "nancy", "naoto",
    "naser", "nasser", "natalia", "natalya", "nawaz", "nayef", "nelson", "nestor",
    "nicolas", "nikola", "nikolai", "nikolay", "nina", "nino", "nora", "nouri",
    "novruz", "nuri", "nurlan", "nursultan", "oleg", "oleksandr", "oleksiy", "olga",
    "ollanta", "omar", "oscar", "otto", "pablo", "paolo", "pascal", "patricia",
    "patrick", "paul", "paula", "paulo", "pavel", "pawel", "pedro", "pervez",
    "peter", "petr", "petro", "philip", "philippe", "pierre", "piotr", "pranab",
    "qaboos", "qasim", "rafael", "rafik", "rahim", "rahul", "ramon", "ramzan",
    "rashid", "raul", "ray", "raymond", "recep", "renata", "rene", "ricardo",
    "richard", "robert", "roberto", "rodrigo", "roger", "roh", "roman", "romano",
    "ronald", "rosa", "rudolf", "ruslan", "russell", "ryan", "saad", "saeb",
    "saeed", "saif", "saleh", "salem", "sali", "salim", "salman", "sami", "samir",
    "samuel", "sandra", "saparmurat", "sarah", "saud", "segolene", "sergei",
    "sergey", "sergio", "serhiy", "serik", "serzh", "shahbaz", "sharif", "shaul",
    "sheila", "shimon", "shinzo", "shlomo", "silvio", "simon", "slobodan", "sofia",
    "sonia", "stefan", "stephen", "steven", "stjepan", "suleiman", "surayud",
    "susan", "sven", "tabare", "talal", "tamara", "tamim", "tanya", "taras",
    "tariq", "taro", "tatiana", "tatyana", "thaksin", "thomas", "tim", "timothy",
    "tom", "tomas", "tony", "turki", "tzipi", "ulrich", "valentina", "valeriy",
    "valery", "vasily", "vera", "vicente", "victor", "viktor", "viktoria",
    "vincent", "vitaly", "vladimir", "vladislav", "vojislav", "volodymyr", "walid",
    "walter", "wang", "wen", "werner", "william", "wolfgang", "xavier", "xi",
    "yang", "yaroslav", "yasser", "yasuo", "yerlan", "yevgeny", "yingluck",
    "yitzhak", "yosef", "yossi", "yousef", "youssef", "yousuf", "yukio", "yulia",
    "yuri", "yury", "yusuf", "zayed", "zbigniew", "zhang", "zhou", "zoran", "zurab",
};

static const char *const nonname_words[] = {
    "a", "administration", "affairs", "african", "agency", "agriculture", "airport",
    "all", "alliance", "american", "americans", "an", "and", "any", "apr", "april",
    "arab", "armed", "army", "as", "asian", "assembly", "association", "at", "aug",
    "august", "authority", "avenue", "bank", "board", "british", "bureau", "but",
    "by", "cabinet", "catholic", "center", "central", "centre", "chinese",
    "christian", "church", "cia", "civil", "classification", "classified", "club",
    "coalition", "college", "comment", "commerce", "commission", "committee",
    "communications", "communist", "company", "confidential", "congress",
    "conservative", "constitutional", "consulate", "consulates", "corporation",
    "council", "counterterrorism", "court", "criminal", "culture", "daily", "dec",
    "december", "defence", "defense", "democracy", "democratic", "department",
    "dept", "development", "dhs", "directorate", "district", "dod", "dos", "east",
    "eastern", "economic", "economy", "education", "embassies", "embassy",
    "emirate", "end", "energy", "english", "environment", "eu", "european",
    "executive", "external", "fbi", "feb", "february", "federal", "federation",
    "finance", "for", "force", "forces", "foreign", "foundation", "french",
    "friday", "from", "front", "fund", "general", "german", "goi", "gok", "gol",
    "gor", "government", "great", "greater", "group", "guard", "he", "health",
    "her", "his", "hospital", "hotel", "house", "how", "human", "iaea", "imf", "in",
    "industry", "information", "inl", "institute", "intelligence", "interior",
    "internal", "international", "iranian", "iraqi", "islamic", "it", "italian",
    "its", "jan", "january", "jewish", "journal", "judicial", "jul", "july", "jun",
    "june", "justice", "kingdom", "labor", "labour", "league", "legislative",
    "liberal", "local", "lower", "mar", "march", "may", "media", "mfa", "military",
    "ministerial", "ministry", "mission", "monday", "mosque", "movement", "museum",
    "muslim", "national", "nations", "nato", "navy", "network", "new", "news",
    "newspaper", "ngo", "ngos", "no", "noforn", "north", "northern", "not", "note",
    "nov", "november", "nsc", "oblast", "oct", "october", "of", "office", "old",
    "on", "or", "organisation", "organization", "orthodox", "osce", "our", "palace",
    "parliament", "party", "police", "port", "post", "posts", "presidential",
    "press", "prime", "private", "program", "programme", "project", "province",
    "public", "radio", "reason", "reasons", "ref", "refs", "reftel", "regime",
    "region", "regional", "republic", "rights", "road", "russian", "saturday",
    "school", "secret", "secretariat", "security", "senate", "sensitive", "sep",
    "sept", "september", "service", "services", "she", "sipdis", "social",
    "socialist", "some", "south", "southern", "spanish", "special", "sport",
    "sports", "square", "state", "states", "station", "street", "subject",
    "summary", "sunday", "supreme", "tags", "team", "television", "terrorism",
    "that", "the", "theater", "theatre", "their", "these", "they", "this", "those",
    "thursday", "times", "to", "tourism", "trade", "transport", "treasury",
    "tuesday", "turkish", "tv", "un", "unclas", "unclassified", "union", "united",
    "university", "upper", "usaid", "usg", "usgs", "we", "wednesday", "west",
    "western", "what", "when", "where", "which", "who", "why", "with", "world",
    "wto", "yes",
};

static const char *const common_words[] = {
    "a", "about", "above", "acknowledged", "across", "added", "admitted",
    "affirmed", "after", "again", "against", "ago", "agreed", "all", "also",
    "although", "always", "am", "among", "an", "and", "announced", "another", "any",
    "are", "argued", "around", "as", "ask", "asked", "asserted", "assured", "at",
    "away", "back", "be", "became", "because", "become", "been", "before", "began",
    "being", "believe", "believed", "below", "between", "both", "brief", "briefed",
    "but", "by", "called", "came", "can", "cannot", "claimed", "clear", "come",
    "comment", "commented", "complained", "concern", "concerned", "confirmed",
    "continued", "conveyed", "could", "day", "days", "declined", "denied",
    "described", "did", "do", "does", "doing", "done", "down", "during", "each",
    "early", "either", "else", "emphasized", "end", "enough", "even", "ever",
    "every", "expect", "expected", "explained", "expressed", "fact", "far", "few",
    "final", "first", "following", "for", "former", "found", "from", "further",
    "gave", "get", "given", "go", "going", "good", "got", "had", "has", "have",
    "having", "he", "held", "help", "her", "here", "high", "him", "his", "how",
    "however", "i", "if", "important", "in", "including", "indicated", "informed",
    "insisted", "into", "is", "issue", "issues", "it", "its", "just", "keep",
    "know", "known", "last", "later", "least", "left", "less", "like", "likely",
    "long", "made", "maintained", "make", "many", "may", "me", "meet", "meeting",
    "met", "might", "more", "most", "much", "must", "my", "near", "need", "needed",
    "never", "new", "next", "no", "nor", "not", "noted", "now", "observed", "of",
    "off", "offered", "often", "on", "once", "one", "only", "opined", "or", "other",
    "others", "our", "out", "over", "own", "part", "per", "perhaps", "place",
    "plan", "planned", "point", "pointed", "possible", "present", "probably",
    "promised", "put", "rather", "really", "recent", "recently", "remarked",
    "replied", "reported", "request", "requested", "responded", "right", "said",
    "same", "say", "saying", "says", "see", "seemed", "seen", "should", "since",
    "so", "some", "soon", "stated", "still", "stressed", "such", "suggested",
    "take", "taken", "than", "thanked", "that", "the", "their", "them", "then",
    "there", "therefore", "these", "they", "thing", "think", "this", "those",
    "though", "three", "through", "thus", "time", "to", "today", "told", "too",
    "took", "toward", "two", "under", "underscored", "until", "up", "upon", "urged",
    "us", "use", "used", "very", "visit", "visited", "want", "wanted", "warned",
    "was", "way", "we", "week", "welcomed", "well", "went", "were", "what", "when",
    "where", "whether", "which", "while", "who", "whom", "whose", "why", "will",
    "with", "within", "without", "would", "wrote", "year", "years", "yet", "you",
    "your",
};

static const char *const commonplace_words[] = {
    "ada", "alliance", "along", "am", "anthem", "apex", "ath", "banning", "bar",
    "bath", "bay", "beach", "bear", "best", "bo", "boom", "borne", "bury", "buy",
    "canton", "central", "columbia", "commerce", "concord", "crystal", "date",
    "deal", "defiance", "dinar", "drama", "eagle", "enterprise", "erode", "fatwa",
    "federal", "fes", "fleet", "florence", "forest", "freedom", "friendship", "gap",
    "garner", "gay", "goes", "golden", "green", "hit", "ho", "holiday", "hook",
    "hope", "hull", "humble", "imperial", "independence", "industry", "justice",
    "keystone", "lens", "liberal", "liberty", "man", "manage", "march", "marks",
    "mentor", "mercedes", "metro", "midway", "mission", "mobile", "most", "much",
    "nice", "normal", "ocean", "of", "opportunity", "oral", "orange", "overland",
    "pace", "palm", "paramount", "parole", "patience", "peer", "pen", "police",
    "pop", "progress", "prosper", "providence", "reading", "republic", "retreat",
    "saga", "said", "sake", "sale", "salt", "same", "shaping", "split", "spring",
    "sterling", "sue", "summit", "sunrise", "superior", "sur", "surprise", "tank",
    "temple", "tire", "tours", "trinity", "un", "union", "unity", "university",
    "ur", "van", "victoria", "wa", "welcome", "young",
};

/* ASCII base letter of U+00C0..U+017F, lower case ('?' for symbols). */
static const char latin_fold[] =
    "aaaaaaaceeeeiiiidnooooo?ouuuuytsaaaaaaaceeeeiiiidnooooo?ouuuuyty"
    "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkkllllllllll"
    "nnnnnn?nnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";

struct word_list {
    const char *const *words;
    size_t n;
    unsigned cls;
};

#define LIST(a, c) { a, sizeof a / sizeof a[0], c }
static const struct word_list lists[] = {
    LIST(titles_words, CAB_W_TITLE),
    LIST(given_words, CAB_W_GIVEN),
    LIST(nonname_words, CAB_W_NONNAME),
    LIST(common_words, CAB_W_COMMON),
    LIST(commonplace_words, CAB_W_COMMONPLACE),
};

static int in_list(const struct word_list *l, const char *w, size_t len)
{
    size_t lo = 0, hi = l->n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const char *m = l->words[mid];
        int cmp = strncmp(m, w, len);

        if (cmp == 0)
            cmp = m[len] == '\0' ? 0 : 1;
        if (cmp == 0)
            return 1;
        if (cmp < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

unsigned cab_name_word_class(const char *w, size_t len)
{
    unsigned cls = 0;
    size_t i;

    if (len == 0 || len >= CAB_MAX_NAME)
        return 0;
    for (i = 0; i < sizeof lists / sizeof lists[0]; i++)
        if (in_list(&lists[i], w, len))
            cls |= lists[i].cls;
    return cls;
}

size_t cab_name_fold(const char *s, size_t len, char *out, size_t cap)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, o = 0;
    int space = 1; /* drop leading spaces */

    if (cap == 0)
        return 0;
    while (i < len) {
        unsigned char c = u[i];
        char f = 0;

        if (c < 0x80) {
            i++;
            if (c >= 'A' && c <= 'Z')
                f = (char)(c - 'A' + 'a');
            else if (c == '-' || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '_')
                f = ' ';
            else if (c == '.' || c == '\'' || c == '`')
                continue;
            else
                f = (char)c;
        } else if (c >= 0xC3 && c <= 0xC5 && i + 1 < len && (u[i + 1] & 0xC0) == 0x80) {
            unsigned cp = ((unsigned)(c & 0x1F) << 6) | (u[i + 1] & 0x3F);

            i += 2;
            if (cp < 0xC0)
                continue; /* Latin-1 punctuation */
            f = latin_fold[cp - 0xC0];
            if (f == '?')
                continue;
        } else if (c == 0xCA && i + 1 < len && (u[i + 1] == 0xBC || u[i + 1] == 0xBB)) {
            i += 2; /* modifier-letter apostrophes: "Raʼs" */
            continue;
        } else if (c == 0xE2 && i + 2 < len && u[i + 1] == 0x80 &&
                   (u[i + 2] == 0x98 || u[i + 2] == 0x99)) {
            i += 3; /* curly apostrophes */
            continue;
        } else {
            /* Other scripts are kept byte for byte. */
            if (o + 1 >= cap)
                return 0;
            out[o++] = (char)c;
            i++;
            space = 0;
            continue;
        }
        if (f == ' ') {
            if (space)
                continue;
            space = 1;
        } else {
            space = 0;
        }
        if (o + 1 >= cap)
            return 0;
        out[o++] = f;
    }
    if (o > 0 && out[o - 1] == ' ')
        o--;
    out[o] = '\0';
    return o;
}

void cab_name_titlecase(char *s)
{
    size_t run = 0; /* letters so far in the current word */
    char *p;

    for (p = s; *p; p++) {
        unsigned char c = (unsigned char)*p;
        int letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;

        if (!letter) {
            /* "O'Neil" and "D'Alema" start again after the apostrophe, "Hassan's" does not. */
            if (c != '\'' || run == 1)
                run = 0;
            continue;
        }
        if (c < 0x80) {
            if (run == 0 && c >= 'a' && c <= 'z')
                *p = (char)(c - 'a' + 'A');
            else if (run > 0 && c >= 'A' && c <= 'Z')
                *p = (char)(c - 'A' + 'a');
        }
        if ((c & 0xC0) != 0x80)
            run++;
    }
}

int cab_name_surname_suffix(const char *w, size_t len)
{
    static const char *const endings[] = {
        "ov", "ova", "ev", "eva", "yev", "yeva", "sky", "ski", "skiy",
        "skaya", "ska", "enko", "chuk", "uk", "yuk", "ich", "vich", "ovic", "evic",
        "yan", "dze", "shvili", "oglu", "escu", "ides", "opoulos", "akis",
        "ayev", "iyev", "bekov", "baev", "zadeh", "pour",
    };
    size_t i;

    if (len < 5)
        return 0;
    for (i = 0; i < sizeof endings / sizeof endings[0]; i++) {
        size_t n = strlen(endings[i]);

        if (len > n + 2 && memcmp(w + len - n, endings[i], n) == 0)
            return 1;
    }
    return 0;
}

/* Bytes that belong to a word: ASCII letters and digits, and non-ASCII
 * letters (general punctuation U+2000-U+206F and Latin-1 symbols are not). */
static size_t letter_len(const unsigned char *u, size_t i, size_t len)
{
    unsigned char c = u[i];

    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return 1;
    if (c < 0x80 || (c & 0xC0) == 0x80)
        return 0;
    if (c == 0xC2 || c == 0xE2 || c == 0xE3 || c == 0xEF)
        return 0; /* punctuation, spaces, quotes, dashes, replacement character */
    if (c >= 0xC3 && c <= 0xDF)
        return i + 1 < len && (u[i + 1] & 0xC0) == 0x80 ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF)
        return i + 2 < len ? 3 : 0;
    if (c >= 0xF0 && c <= 0xF4)
        return i + 3 < len ? 4 : 0;
    return 0;
}

static size_t apostrophe_len(const unsigned char *u, size_t i, size_t len)
{
    if (u[i] == '\'')
        return 1;
    if (u[i] == 0xE2 && i + 2 < len && u[i + 1] == 0x80 && u[i + 2] == 0x99)
        return 3;
    return 0;
}

static int is_upper_at(const unsigned char *u, size_t i, size_t len)
{
    if (u[i] >= 'A' && u[i] <= 'Z')
        return 1;
    /* Latin-1 and Latin Extended-A capitals: U+00C0-U+00DE, even code points of U+0100-U+017F. */
    if (u[i] == 0xC3 && i + 1 < len)
        return u[i + 1] >= 0x80 && u[i + 1] <= 0x9E && u[i + 1] != 0x97;
    if ((u[i] == 0xC4 || u[i] == 0xC5) && i + 1 < len)
        return (u[i + 1] & 1) == 0;
    return 0;
}

static int is_lower_at(const unsigned char *u, size_t i, size_t len)
{
    if (u[i] >= 'a' && u[i] <= 'z')
        return 1;
    if (u[i] == 0xC3 && i + 1 < len)
        return u[i + 1] >= 0x9F && u[i + 1] != 0xB7;
    if ((u[i] == 0xC4 || u[i] == 0xC5) && i + 1 < len)
        return (u[i + 1] & 1) == 1;
    return 0;
}

cab_status cab_name_tokenize(const char *s, size_t len, struct cab_tok **out, size_t *n)
{
    const unsigned char *u = (const unsigned char *)s;
    struct cab_tok *t = NULL;
    size_t nt = 0, alloc = 0, i = 0, last_end = 0;

    *out = NULL;
    *n = 0;
    while (i < len) {
        size_t l = letter_len(u, i, len), start, j, gap_nl = 0;
        unsigned flags = 0, upper = 0, lower = 0, letters = 0;
        char prev = '\0', first = '\0';

        if (l == 0) {
            i++;
            continue;
        }
        start = i;
        j = i;
        for (;;) {
            size_t k = letter_len(u, j, len);

            if (k > 0) {
                if (is_upper_at(u, j, len))
                    upper++;
                else if (is_lower_at(u, j, len))
                    lower++;
                if (u[j] >= '0' && u[j] <= '9')
                    flags |= CAB_T_DIGIT;
                else
                    letters++;
                j += k;
                continue;
            }
            k = apostrophe_len(u, j, len);
            if (k == 0 && u[j] == '-' && j + 1 < len)
                k = 1;
            if (k > 0 && j + k < len && letter_len(u, j + k, len) > 0) {
                j += k;
                continue;
            }
            break;
        }
        if (nt == CAB_MAX_TOKENS)
            break;
        if (nt == alloc) {
            size_t na = alloc ? alloc * 2 : 256;
            struct cab_tok *nt2 = cab_realloc(t, na * sizeof *t);

            if (!nt2) {
                cab_free(t);
                return CAB_NOMEM;
            }
            t = nt2;
            alloc = na;
        }
        /* What lies between the previous word and this one. */
        for (size_t k = last_end; k < start; k++) {
            unsigned char c = u[k];

            if (c == '\n')
                gap_nl++;
            else if (c != ' ' && c != '\t' && c != '\r') {
                if (!first)
                    first = (char)c;
                prev = (char)c;
                gap_nl = 0;
                flags |= CAB_T_GAP;
            }
        }
        if (gap_nl >= 2)
            flags |= CAB_T_GAP;
        if (nt == 0 || gap_nl >= 2 || prev == '.' || prev == '!' || prev == '?' ||
            prev == ':' || prev == ';' || (prev == '-' && gap_nl == 0 && nt > 0 &&
                                            (flags & CAB_T_GAP) && u[start - 1] == ' '))
            flags |= CAB_T_SENT;
        if (nt > 0 && prev == '.' && (t[nt - 1].flags & CAB_T_DOT) &&
            (t[nt - 1].len == 1 || (cab_name_word_class(s + t[nt - 1].start, t[nt - 1].len) &
                                    CAB_W_TITLE) || (t[nt - 1].flags & CAB_T_ABBR)))
            flags &= ~(unsigned)CAB_T_SENT; /* "Mr. Smith", "Richard E. Hoagland" */
        if (letters >= 2 && lower == 0 && upper >= 2)
            flags |= CAB_T_ALLCAPS;
        if (is_upper_at(u, start, len))
            flags |= CAB_T_CAP;
        if (j < len && u[j] == '.') {
            flags |= CAB_T_DOT;
            if (j + 1 < len && letter_len(u, j + 1, len) > 0)
                flags |= CAB_T_ABBR;
        }
        if (nt > 0 && prev == '.' && (t[nt - 1].flags & CAB_T_ABBR) && start == last_end + 1)
            flags |= CAB_T_ABBR;
        t[nt].start = start;
        t[nt].len = j - start;
        if (j - start > 2 && u[j - 1] == 's' && u[j - 2] == '\'') {
            t[nt].len -= 2;
            flags |= CAB_T_POSS;
        } else if (j - start > 4 && u[j - 1] == 's' && u[j - 2] == 0x99 && u[j - 4] == 0xE2) {
            t[nt].len -= 4;
            flags |= CAB_T_POSS;
        }
        t[nt].flags = flags;
        t[nt].prev = prev;
        t[nt].next = '\0';
        if (nt > 0)
            t[nt - 1].next = first ? first : (char)u[start];
        nt++;
        last_end = j;
        i = j;
    }
    /* The character after the last word. */
    if (nt > 0) {
        size_t k = last_end;

        while (k < len && (u[k] == ' ' || u[k] == '\n' || u[k] == '\t' || u[k] == '\r'))
            k++;
        t[nt - 1].next = k < len ? (char)u[k] : '\0';
    }
    *out = t;
    *n = nt;
    return CAB_OK;
}

int cab_name_text_is_caps(const char *s, size_t len)
{
    size_t i, upper = 0, lower = 0;

    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];

        if (c >= 'A' && c <= 'Z')
            upper++;
        else if (c >= 'a' && c <= 'z')
            lower++;
    }
    return upper + lower > 0 && lower * 20 < upper + lower;
}
