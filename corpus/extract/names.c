/* Word lists for recognising people and places, and the folding that makes
 * "Nazarbayev", "NAZARBAYEV" and "Nazarbáyev" one key.  The lists are kept
 * sorted for their readers; lookups go through one hash table of all of
 * them, built once per process. */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cab_mem.h"
#include "cable.h"
#include "names.h"

static const char *const titles_words[] = {
    "a/dcm", "acting", "activist", "adcm", "adm", "administrator", "admiral", "adviser",
    "advisor", "aide", "amb", "ambassador", "ameer", "amir", "analyst",
    "archbishop", "assistant", "attache", "attorney", "ayatollah", "begum", "bg",
    "bishop", "brig", "brigadier", "businessman", "businesswoman", "candidate",
    "capt", "captain", "cardinal", "cda", "cds", "cgs", "chair", "chairman",
    "chairperson", "chairwoman", "chancellor", "charge", "chargee", "chief", "chod",
    "cjcs", "cmdr", "coas", "col", "colonel", "columnist", "com", "commander",
    "commissioner", "congressman", "congresswoman", "conoff", "consul",
    "coordinator", "correspondent", "counsellor", "counselor", "crown", "daffaires",
    "dame", "dcm", "dean", "defmin", "delegate", "deputy", "dfm", "director",
    "dona", "dpm", "dr", "econcouns", "econoff", "economist", "emir", "emperor",
    "envoy", "excellency", "expert", "father", "finmin", "fm", "fonmin", "foreign",
    "former", "formin", "frau", "gen", "general", "generalissimo", "gov",
    "governor", "head", "herr", "historian", "hojatoleslam", "hon", "honorable",
    "hrh", "imam", "inspector", "intmin", "journalist", "judge", "justice", "king",
    "lady", "lawmaker", "lawyer", "leader", "legislator", "lieutenant", "lord",
    "lt", "ltc", "ltg", "ltgen", "madame", "maj", "majgen", "major", "manager",
    "marshal", "mayor", "member", "metropolitan", "mg", "minister", "minster",
    "miss", "mister", "mme", "monsignor", "mp", "mr", "mrs", "ms", "msgr", "mufti",
    "mullah", "nsa", "officer", "ombudsman", "patriarch", "pm", "polad", "polchief",
    "polcouns", "polmiloff", "poloff", "pope", "premier", "pres", "president",
    "presidente", "prime", "primin", "prince", "princess", "prof", "professor",
    "prosecutor", "queen", "rabbi", "radm", "rdml", "rector", "rep", "reporter",
    "representative", "researcher", "rev", "reverend", "sayed", "sayid", "sayyid",
    "scholar", "secgen", "secretary", "sen", "senator", "senor", "senora",
    "sergeant", "sgt", "shah", "shaikh", "shaykh", "sheik", "sheikh", "sheikha",
    "sir", "speaker", "spokesman", "spokesperson", "spokeswoman", "spox", "sr",
    "sra", "srap", "sultan", "undersecretary", "vadm", "vice", "vp",
};

static const char *const given_words[] = {
    "aaron", "abbas", "abdallah", "abdel", "abdelaziz", "abdelhamid", "abdelkader",
    "abdelrahman", "abdul", "abdulaziz", "abdulhamid", "abdulkarim", "abdulla",
    "abdullah", "abdullahi", "abdulmajid", "abdulrahman", "abdurrahman", "abhisit",
    "abu", "adam", "adel", "adil", "adnan", "adolfo", "adrian", "adriana", "agim",
    "ahmad", "ahmadi", "ahmed", "ahmet", "aidan", "aigul", "akbar", "akhmad",
    "akhmed", "akira", "ala", "alain", "alan", "alastair", "albert", "alberto",
    "alejandra", "alejandro", "aleksander", "aleksandr", "aleksei", "alex",
    "alexander", "alexandra", "alexandre", "alexei", "alexey", "alfonso", "alfred",
    "alfredo", "ali", "alice", "alicia", "alisher", "alistair", "allen", "almazbek",
    "alvaro", "alvin", "alyaksandr", "amanda", "amin", "amine", "amir", "amit",
    "ammar", "amos", "amr", "amy", "ana", "anatoli", "anatolii", "anatoliy",
    "anatoly", "anatolyi", "anders", "andre", "andrea", "andreas", "andrei",
    "andres", "andrew", "andrey", "andrzej", "andy", "angel", "angela", "angelo",
    "angie", "anil", "anita", "ann", "anna", "anne", "annette", "anthony",
    "antoine", "anton", "antonio", "anwar", "april", "ariel", "arif", "arkady",
    "arman", "armando", "arnold", "arsen", "artem", "arthur", "artur", "arturo",
    "arun", "ashley", "ashok", "ashraf", "asif", "askar", "aslan", "atal", "atef",
    "augusto", "avi", "avigdor", "ayad", "ayman", "ayse", "aziz", "babacan", "badr",
    "bakhyt", "bakytzhan", "bandar", "barack", "barbara", "barry", "bashar",
    "bashir", "bassam", "beatriz", "ben", "benazir", "benjamin", "bernard",
    "bernardo", "beth", "betty", "bilal", "bill", "billy", "blanca", "bob", "bobby",
    "bogdan", "bohdan", "bonnie", "boris", "brandon", "brenda", "brian", "brigitte",
    "bruce", "bruno", "bulat", "bulent", "calvin", "camila", "carl", "carla",
    "carlos", "carmen", "carol", "carolina", "caroline", "carolyn", "catherine",
    "cathy", "cecilia", "celso", "cemil", "cesar", "charles", "chen", "cheng",
    "cheryl", "chris", "christina", "christine", "christopher", "chuck", "cindy",
    "clarence", "claude", "claudia", "clifford", "clive", "colin", "condoleezza",
    "connie", "constantin", "craig", "cristian", "cristina", "curtis", "cyril",
    "dae", "dagmar", "dale", "dan", "dana", "daniel", "daniela", "danielle",
    "danny", "dariusz", "daulet", "dave", "david", "dawn", "dean", "debbie",
    "deborah", "deepak", "deng", "denis", "denise", "deniz", "dennis", "derek",
    "detlef", "devlet", "diana", "diane", "dick", "diego", "dieter", "dilma",
    "dimitri", "dimitrios", "dirk", "dmitri", "dmitriy", "dmitry", "dmytro",
    "dolores", "dominique", "don", "donald", "dong", "donna", "doris", "dorothy",
    "doug", "douglas", "duncan", "dustin", "edgar", "eduard", "eduardo", "edward",
    "edwin", "efrain", "egemen", "ehsan", "ehud", "eileen", "elaine", "elena",
    "elizabeth", "ellen", "elmar", "emad", "emil", "emile", "emilio", "emily",
    "emmanuel", "emomali", "emre", "enrique", "erdal", "eric", "erik", "erin",
    "erlan", "ernest", "ernesto", "ertugrul", "esperanza", "essam", "esteban",
    "estela", "eugene", "eva", "evelyn", "evgeniy", "evgeny", "evo", "fabian",
    "fabio", "fadi", "fahad", "fahd", "faisal", "farah", "farid", "farouk",
    "fatima", "fatma", "fawaz", "fawzi", "federico", "felipe", "felix", "fernanda",
    "fernando", "fidel", "fouad", "frances", "francis", "francisco", "francois",
    "franjo", "frank", "franz", "fred", "frederick", "fuad", "gabriel", "gabriela",
    "gail", "galina", "gamal", "gary", "gennady", "georg", "george", "georges",
    "georgy", "gerald", "gerard", "gerardo", "gerhard", "ghassan", "ghazi",
    "gianfranco", "gilberto", "giles", "gina", "giorgi", "giovanni", "giulio",
    "giuseppe", "glenn", "gloria", "gonzalo", "goodluck", "gordon", "gotabaya",
    "grace", "graciela", "graham", "greg", "gregg", "gregory", "guadalupe",
    "guenter", "guenther", "guido", "guillermo", "gul", "gulbuddin", "gulnara",
    "gunther", "gurbanguly", "gustavo", "habib", "haider", "hamad", "hamdan",
    "hamid", "hamza", "hank", "hannah", "hans", "harold", "harry", "harvey",
    "hasan", "hashim", "hassan", "hazem", "heather", "hector", "heidi", "heinz",
    "helen", "helmut", "henri", "henry", "herbert", "hernan", "heydar", "hillary",
    "hiroshi", "hisham", "holly", "horacio", "horst", "hosam", "hosni", "hossein",
    "howard", "hu", "hugh", "hugo", "hulya", "humberto", "hussain", "hussein",
    "hyun", "ian", "ibrahim", "ichiro", "idris", "ignacio", "igor", "ilham", "ilya",
    "imran", "inacio", "ingrid", "irene", "irina", "isaac", "isabel", "ismael",
    "ismail", "ivan", "ivo", "jack", "jackie", "jacob", "jacqueline", "jacques",
    "jae", "jaime", "jalal", "jamal", "james", "jamil", "jan", "jane", "janet",
    "janice", "jared", "jason", "jassim", "javad", "javier", "jay", "jean", "jeff",
    "jeffrey", "jennifer", "jeremy", "jerome", "jerry", "jerzy", "jesse", "jessica",
    "jesus", "jiang", "jill", "jim", "jimmy", "joachim", "joan", "joao", "joaquin",
    "joe", "joel", "joerg", "johann", "johannes", "john", "johnny", "jon",
    "jonathan", "jong", "jorg", "jorge", "joschka", "jose", "josef", "josefina",
    "joseph", "josh", "joshua", "joyce", "juan", "juana", "judith", "judy",
    "juergen", "julia", "julian", "julie", "julio", "julita", "junichiro", "jurgen",
    "justin", "kadir", "kairat", "kamal", "kareem", "karen", "karim", "karin",
    "karl", "kassym", "kasym", "kateryna", "katherine", "kathleen", "kathryn",
    "kathy", "katsuya", "kay", "keith", "kelly", "kemal", "ken", "kenji", "kenneth",
    "kent", "kevin", "kgalema", "khaled", "khalid", "khalifa", "khalil", "ki",
    "kim", "kimberly", "klaus", "kofi", "konstantin", "krishna", "kristin",
    "kurmanbek", "kurt", "kwame", "kwang", "kyle", "lal", "larry", "lars", "laura",
    "lauren", "laurent", "lawrence", "lee", "leon", "leonard", "leonel", "leonid",
    "leticia", "levon", "li", "liliana", "lillian", "linda", "lionel", "lisa",
    "liu", "lloyd", "lois", "lorena", "lorenzo", "lori", "louis", "lourdes", "luc",
    "luca", "lucas", "lucia", "lucy", "ludmila", "luis", "luisa", "luiz", "luke",
    "lutfi", "lynn", "lyudmila", "magdalena", "mahdi", "mahinda", "mahmood",
    "mahmoud", "mahmud", "majid", "maksim", "manfred", "manmohan", "manouchehr",
    "mansour", "manuel", "marat", "marc", "marcela", "marcelo", "marcia", "marco",
    "marcos", "marcus", "margaret", "margarita", "maria", "mariana", "mariano",
    "marie", "marilyn", "marina", "mario", "marisol", "mark", "marta", "martha",
    "martin", "martine", "marvin", "marwan", "mary", "masahiko", "massimo",
    "massoud", "mathieu", "matt", "matthew", "maurice", "mauricio", "max", "maxim",
    "mazen", "megan", "mehdi", "mehmet", "melissa", "melvin", "mercedes", "mesut",
    "michael", "michel", "michelle", "miguel", "mike", "mikhail", "mikheil",
    "milan", "milo", "mir", "miriam", "mitchell", "moammar", "mohamed", "mohammad",
    "mohammed", "mohsen", "monica", "moo", "moshe", "mostafa", "mousa", "muammar",
    "mubarak", "muhammad", "munir", "murat", "mustafa", "mwai", "mykola", "myung",
    "nabih", "nabil", "nadia", "naguib", "nahyan", "naif", "najib", "nancy",
    "naoto", "naser", "nasir", "nasrallah", "nasser", "natalia", "natalya",
    "nathan", "nathaniel", "nawaz", "nayef", "neil", "nelson", "nestor", "nicholas",
    "nick", "nicolas", "nicole", "nigel", "nikola", "nikolai", "nikolay", "nina",
    "nino", "nizar", "nora", "norbert", "norma", "norman", "nouri", "novruz",
    "nuri", "nurlan", "nursel", "nursultan", "octavio", "oleg", "oleksandr",
    "oleksiy", "olga", "olivia", "olivier", "ollanta", "olusegun", "omar", "omer",
    "orhan", "orlando", "osama", "oscar", "osman", "osvaldo", "otto", "pablo",
    "pam", "pamela", "paolo", "pascal", "patricia", "patricio", "patrick", "paul",
    "paula", "paulo", "pavel", "pawel", "pedro", "peggy", "pervez", "pete", "peter",
    "petr", "petro", "phil", "philip", "philippe", "phillip", "pierre", "pilar",
    "piotr", "pranab", "priyanka", "pyotr", "qaboos", "qadir", "qasim", "rachel",
    "raed", "rafael", "rafik", "rahim", "rahul", "raila", "rainer", "rajesh",
    "ralph", "ramesh", "rami", "ramiro", "ramon", "ramzan", "randall", "randy",
    "raquel", "rashid", "raul", "ray", "raymond", "raza", "rebecca", "recep",
    "regina", "reinaldo", "reinhard", "renata", "renate", "rene", "reza", "riad",
    "ricardo", "richard", "rick", "ricky", "rita", "riyad", "rob", "robert",
    "roberto", "robin", "rocio", "rodney", "rodrigo", "rogelio", "roger", "roh",
    "roman", "romano", "ron", "ronald", "ronnie", "rosa", "roy", "rubem", "ruben",
    "rudolf", "rupert", "ruslan", "russell", "rustam", "ruth", "ryan", "saad",
    "sabine", "saeb", "saeed", "saif", "salah", "saleh", "salem", "sali", "salim",
    "sally", "salman", "salvador", "sam", "samantha", "sami", "samir", "samuel",
    "sandra", "sanjay", "santiago", "saparmurat", "sara", "sarah", "saud", "scott",
    "sean", "sebastian", "segolene", "seiji", "selim", "serdar", "sergei", "sergey",
    "sergio", "serhiy", "serik", "serzh", "shahbaz", "sharif", "sharon", "shaul",
    "shawn", "sheila", "shimon", "shinzo", "shirley", "shlomo", "silvia", "silvio",
    "simon", "slobodan", "sofia", "sonia", "stanislav", "stanley", "stefan",
    "stephanie", "stephen", "steve", "steven", "stjepan", "stuart", "sue",
    "suleiman", "sunil", "surayud", "suresh", "susan", "susana", "suzanne", "sven",
    "svetlana", "sylvia", "tabare", "takeshi", "talal", "tamara", "tamim", "tanya",
    "taras", "tarek", "tariq", "taro", "tatiana", "tatyana", "tayyip", "ted",
    "teresa", "terry", "thabo", "thaksin", "thelma", "theresa", "thierry", "thilo",
    "thomas", "tim", "timothy", "timur", "tina", "todd", "tom", "tomas", "tommy",
    "tony", "tracy", "travis", "trevor", "troy", "turki", "tyler", "tzipi", "uhuru",
    "ulises", "ulrich", "umar", "ursula", "usama", "uwe", "valentina", "valeria",
    "valerie", "valeriy", "valery", "vanessa", "vasily", "vera", "veronica",
    "vicente", "vicki", "victor", "vijay", "viktor", "viktoria", "vince", "vincent",
    "virginia", "vitaly", "vladimir", "vladislav", "vojislav", "volker",
    "volodymyr", "vyacheslav", "waleed", "walid", "walter", "wanda", "wang",
    "warren", "wayne", "wen", "wendy", "werner", "william", "willie", "winston",
    "wolfgang", "wolfram", "xavier", "xi", "ximena", "yang", "yaroslav", "yasar",
    "yasin", "yasser", "yassin", "yasuo", "yelena", "yerlan", "yerzhan", "yevgeny",
    "yingluck", "yitzhak", "yolanda", "yosef", "yoshihiko", "yossi", "yousaf",
    "yousef", "youssef", "yousuf", "yoweri", "yukio", "yulia", "yuri", "yury",
    "yusuf", "yves", "zachary", "zaid", "zayed", "zbigniew", "zeid", "zeynep",
    "zhang", "zhanna", "zhou", "ziad", "zoran", "zurab",
};

static const char *const nonname_words[] = {
    "a", "academy", "accord", "act", "administration", "advisers", "advisors",
    "affairs", "afp", "african", "agency", "agreement", "agriculture", "airlines",
    "airport", "airways", "aljazeera", "all", "alliance", "ambassadors", "american",
    "americans", "an", "and", "announcement", "announcements", "any", "apr",
    "april", "arab", "arabs", "armed", "army", "as", "asd", "asian", "assembly",
    "association", "at", "aug", "august", "authority", "avenue", "bank", "base",
    "bay", "bbc", "board", "bridge", "british", "bureau", "but", "by", "cabinet",
    "camp", "canal", "cape", "castle", "cathedral", "catholic", "center", "central",
    "centre", "chairmen", "chinese", "christian", "church", "cia", "civil",
    "classification", "classified", "clinic", "club", "cnn", "coalition", "coast",
    "colleagues", "college", "command", "commanders", "comment", "commerce",
    "commission", "committee", "communications", "communist", "company", "compound",
    "conference", "confidential", "congress", "conservative", "constitutional",
    "consulate", "consulates", "contacts", "convention", "cooperation",
    "corporation", "council", "counterparts", "counterterrorism", "court",
    "criminal", "culture", "daily", "dam", "das", "dasd", "dec", "december",
    "declaration", "decree", "defence", "defense", "delegates", "democracy",
    "democratic", "department", "dept", "deputies", "desert", "development", "dhs",
    "diplomats", "directorate", "directors", "district", "division", "dod", "dos",
    "drl", "dus", "eap", "east", "eastern", "economic", "economy", "education",
    "election", "elections", "embassies", "embassy", "emirate", "end", "energy",
    "english", "enterprises", "environment", "eu", "eur", "european", "exchange",
    "executive", "external", "fbi", "feb", "february", "federal", "federation",
    "file", "files", "finance", "firm", "firms", "for", "force", "forces",
    "foreign", "forest", "forum", "foundation", "french", "friday", "from", "front",
    "fund", "gas", "general", "generals", "german", "goi", "gok", "gol", "gor",
    "government", "governors", "great", "greater", "group", "groups", "guard",
    "gulf", "hall", "he", "headquarters", "health", "her", "herald", "highway",
    "his", "holdings", "hope", "hopes", "hospital", "hotel", "house", "how",
    "human", "iaea", "imf", "in", "industries", "industry", "information",
    "initiative", "inl", "institute", "intelligence", "interagency", "interfax",
    "interior", "interlocutors", "internal", "international", "investment",
    "investments", "iranian", "iraqi", "islamic", "island", "islands", "isn", "it",
    "italian", "itar", "its", "jail", "jan", "january", "jazeera", "jcs", "jewish",
    "jews", "journal", "judges", "judicial", "jul", "july", "jun", "june",
    "justice", "kingdom", "kings", "kurds", "labor", "labour", "lake", "law",
    "lawmakers", "leaders", "league", "legislative", "legislators", "liberal",
    "library", "local", "lower", "magazine", "majority", "managers",
    "mar", "march", "market", "may", "mayors", "media", "meeting", "members", "mfa",
    "military", "ministerial", "ministers", "ministries", "ministry", "minority",
    "mission", "monday", "mosque", "motors", "mountain", "mountains", "movement",
    "museum", "muslim", "muslims", "national", "nations", "nato", "navy", "nea",
    "network", "new", "news", "newspaper", "ngo", "ngos", "no", "noforn", "north",
    "northern", "not", "note", "nov", "november", "nsc", "oblast", "ocean", "oct",
    "october", "oes", "of", "office", "officers", "officials", "oil", "old", "on",
    "opposition", "or", "organisation", "organization", "orthodox", "osce", "osd",
    "our", "palace", "park", "parliament", "parliamentarians", "party", "patriotic",
    "pdas", "pdasd", "personal", "persons", "petroleum", "plan", "plaza", "police",
    "policies", "policy", "popular", "port", "post", "posts", "presidency",
    "presidential", "presidents", "press", "prime", "princes", "prison", "private",
    "prm", "process", "program", "programme", "progressive", "project",
    "prosecutors", "protocol", "province", "provincial", "public", "radio",
    "reason", "reasons", "reconstruction", "record", "records", "ref", "refs",
    "reftel", "refugees", "regime", "region", "regional", "relations", "remains",
    "report", "representatives", "republic", "republican", "resolution", "reuters",
    "review", "revolutionary", "rights", "river", "road", "russian", "saturday",
    "sca", "school", "sea", "secret", "secretariat", "secretaries", "section",
    "sections", "security", "seminary", "senate", "senators", "sensitive", "sep",
    "sept", "september", "service", "services", "she", "sheikhs", "shias", "sipdis",
    "social", "socialist", "some", "source", "sources", "south", "southern",
    "spanish", "special", "sport", "sports", "square", "stadium", "staff", "state",
    "states", "station", "stock", "strait", "strategy", "street", "subject",
    "summary", "summit", "sunday", "sunnis", "supreme", "tags", "tass", "team",
    "television", "temple", "term", "terms", "terrorism", "that", "the", "theater",
    "theatre", "their", "these", "they", "this", "those", "thursday", "times", "to",
    "tourism", "tower", "trade", "transport", "treasury", "treaty", "tribune",
    "tuesday", "turkish", "tv", "un", "unclas", "unclassified", "union", "unit",
    "united", "units", "university", "upper", "usaid", "usd", "usg", "usgs",
    "valley", "we", "web", "website", "wednesday", "weekly", "west", "western",
    "wha", "what", "when", "where", "which", "who", "why", "with", "works", "world",
    "wto", "xinhua", "yes", "zone",
};

static const char *const common_words[] = {
    "a", "about", "above", "accepts", "acknowledged", "across", "added", "admitted",
    "affirmed", "after", "again", "against", "ago", "agreed", "agrees", "all",
    "also", "although", "always", "am", "among", "an", "and", "announced",
    "announces", "another", "any", "appoints", "are", "argued", "around", "as",
    "ask", "asked", "asks", "asserted", "assured", "at", "away", "back", "backs",
    "be", "became", "because", "become", "been", "before", "began", "being",
    "believe", "believed", "below", "between", "both", "brief", "briefed", "but",
    "by", "called", "calls", "came", "can", "cannot", "claimed", "clear", "come",
    "comment", "commented", "complained", "concern", "concerned", "condemns",
    "confirmed", "continued", "conveyed", "could", "criticizes", "day", "days",
    "declined", "denied", "denies", "described", "did", "discusses", "do", "does",
    "doing", "done", "down", "during", "each", "early", "either", "else",
    "emphasized", "end", "enough", "even", "ever", "every", "expect", "expected",
    "explained", "expressed", "faces", "fact", "far", "few", "final", "first",
    "following", "for", "former", "found", "from", "further", "gave", "get",
    "given", "gives", "go", "going", "good", "got", "had", "has", "have", "having",
    "he", "held", "help", "her", "here", "high", "him", "his", "hopes", "how",
    "however", "i", "if", "important", "in", "including", "indicated", "informed",
    "insisted", "into", "is", "issue", "issues", "it", "its", "just", "keep",
    "know", "known", "last", "later", "least", "left", "less", "like", "likely",
    "long", "loses", "made", "maintained", "make", "makes", "many", "may", "me",
    "meet", "meeting", "meets", "met", "might", "more", "most", "much", "must",
    "my", "names", "near", "need", "needed", "never", "new", "next", "no", "nor",
    "not", "noted", "now", "observed", "of", "off", "offered", "often", "on",
    "once", "one", "only", "opined", "opposes", "or", "other", "others", "our",
    "out", "outlines", "over", "own", "part", "per", "perhaps", "place", "plan",
    "planned", "plans", "point", "pointed", "possible", "praises", "present",
    "presses", "probably", "promised", "pushes", "put", "rather", "reaffirms",
    "really", "receives", "recent", "recently", "rejects", "remarked", "replied",
    "reported", "request", "requested", "responded", "reviews", "right", "said",
    "same", "say", "saying", "says", "see", "seeks", "seemed", "seen", "should",
    "signs", "since", "so", "some", "soon", "stated", "still", "stressed", "such",
    "suggested", "supports", "take", "taken", "takes", "tells", "than", "thanked",
    "that", "the", "their", "them", "then", "there", "therefore", "these", "they",
    "thing", "think", "this", "those", "though", "three", "through", "thus", "time",
    "to", "today", "told", "too", "took", "toward", "two", "under", "underscored",
    "until", "up", "upon", "urged", "urges", "us", "use", "used", "very", "visit",
    "visited", "visits", "want", "wanted", "wants", "warned", "warns", "was", "way",
    "we", "week", "welcomed", "welcomes", "well", "went", "were", "what", "when",
    "where", "whether", "which", "while", "who", "whom", "whose", "why", "will",
    "wins", "with", "within", "without", "would", "wrote", "year", "years", "yet",
    "you", "your",
};

static const char *const commonplace_words[] = {
    "alliance", "along", "am", "anthem", "apex", "banning", "bar", "bath", "bay",
    "beach", "bear", "best", "bo", "boom", "borne", "bury", "buy", "canton",
    "central", "columbia", "commerce", "concord", "crystal", "date", "deal",
    "defiance", "dinar", "drama", "eagle", "enterprise", "erode", "fatwa",
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

#define LIST(a, c) { (a), sizeof(a) / sizeof((a)[0]), (c) }
static const struct word_list lists[] = {
    LIST(titles_words, CAB_W_TITLE),
    LIST(given_words, CAB_W_GIVEN),
    LIST(nonname_words, CAB_W_NONNAME),
    LIST(common_words, CAB_W_COMMON),
    LIST(commonplace_words, CAB_W_COMMONPLACE),
};

#define N_LIST_WORDS                                                                      \
    (sizeof titles_words / sizeof *titles_words + sizeof given_words / sizeof *given_words + \
     sizeof nonname_words / sizeof *nonname_words +                                        \
     sizeof common_words / sizeof *common_words +                                          \
     sizeof commonplace_words / sizeof *commonplace_words)
/* Slots of the table: a power of two, at least twice the words. */
#define WORD_SLOTS 8192u
_Static_assert(2 * N_LIST_WORDS <= WORD_SLOTS, "WORD_SLOTS too small for the word lists");

/* Every word of the lists once, with all its classes.  Written only by
 * build_word_table() under pthread_once, read-only afterwards. */
static struct {
    const char *word;
    size_t len;
    unsigned cls;
} word_table[N_LIST_WORDS];
static uint16_t word_slots[WORD_SLOTS]; /* index + 1 in word_table, 0 = empty */
static pthread_once_t word_table_once = PTHREAD_ONCE_INIT;

static uint32_t fold_hash(const char *f, size_t len)
{
    uint32_t h = 2166136261u;
    size_t i;

    for (i = 0; i < len; i++) {
        h ^= (unsigned char)f[i];
        h *= 16777619u;
    }
    return h;
}

/* The slot holding w[0..len) (of hash h, fold_hash), or the empty slot
 * where it would go. */
static size_t word_slot_hashed(const char *w, size_t len, uint32_t h)
{
    size_t s = h & (WORD_SLOTS - 1);

    while (word_slots[s]) {
        size_t k = word_slots[s] - 1u;

        if (word_table[k].len == len && memcmp(word_table[k].word, w, len) == 0)
            break;
        s = (s + 1) & (WORD_SLOTS - 1);
    }
    return s;
}

static size_t word_slot(const char *w, size_t len)
{
    return word_slot_hashed(w, len, fold_hash(w, len));
}

static void build_word_table(void)
{
    size_t i, j, n = 0;

    for (i = 0; i < sizeof lists / sizeof lists[0]; i++)
        for (j = 0; j < lists[i].n; j++) {
            const char *w = lists[i].words[j];
            size_t s = word_slot(w, strlen(w));

            if (!word_slots[s]) {
                word_table[n].word = w;
                word_table[n].len = strlen(w);
                word_slots[s] = (uint16_t)++n;
            }
            word_table[word_slots[s] - 1u].cls |= lists[i].cls;
        }
}

unsigned cab_name_word_class(const char *w, size_t len)
{
    size_t s;

    if (len == 0 || len >= CAB_MAX_NAME)
        return 0;
    pthread_once(&word_table_once, build_word_table);
    s = word_slot(w, len);
    return word_slots[s] ? word_table[word_slots[s] - 1u].cls : 0;
}

/* cab_name_word_class() of a word whose fold_hash is known, once the
 * table is built. */
static unsigned word_class_hashed(const char *w, size_t len, uint32_t h)
{
    size_t s;

    if (len >= CAB_MAX_NAME)
        return 0;
    s = word_slot_hashed(w, len, h);
    return word_slots[s] ? word_table[word_slots[s] - 1u].cls : 0;
}

/* cab_name_fold(), noting in lens[k] the length of the fold so far when
 * the byte at ends[k] is reached (less a trailing space, which a fold
 * ending there would drop).  Each ends[k] must fall between characters. */
static size_t fold_marked(const char *s, size_t len, char *out, size_t cap, const size_t *ends,
                          size_t nends, size_t *lens)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, o = 0, m = 0;
    int space = 1; /* drop leading spaces */

    if (cap == 0)
        return 0;
    while (i < len) {
        unsigned char c = u[i];
        char f = 0;

        for (; m < nends && ends[m] == i; m++)
            lens[m] = o > 0 && out[o - 1] == ' ' ? o - 1 : o;
        if (c < 0x80) {
            i++;
            if (c >= 'A' && c <= 'Z')
                f = (char)(c - 'A' + 'a');
            else if (c == '-' || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '_')
                f = ' ';
            else if (c == '.' || c == '\'' || c == '`')
                continue;
            else
                f = (char)c; /* letters, digits and other symbols stay */
        } else if (c >= 0xC3 && c <= 0xC5 && i + 1 < len && (u[i + 1] & 0xC0) == 0x80) {
            unsigned cp = ((unsigned)(c & 0x1F) << 6) | (u[i + 1] & 0x3F);

            i += 2;
            if (cp < 0xC0)
                continue; /* Latin-1 punctuation */
            f = latin_fold[cp - 0xC0];
            if (f == '?')
                continue;
        } else if (c == 0xC8 && i + 1 < len && u[i + 1] >= 0x98 && u[i + 1] <= 0x9B) {
            f = u[i + 1] <= 0x99 ? 's' : 't'; /* Romanian comma-below letters */
            i += 2;
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
    for (; m < nends; m++)
        lens[m] = o;
    out[o] = '\0';
    return o;
}

size_t cab_name_fold(const char *s, size_t len, char *out, size_t cap)
{
    return fold_marked(s, len, out, cap, NULL, 0, NULL);
}

size_t cab_name_fold_prefixes(const char *s, size_t len, const size_t *ends, size_t nends,
                              size_t *lens, char *out, size_t cap)
{
    size_t k;

    /* The fold of s[0..e) is a prefix of the whole fold when the byte at
     * e is ASCII: no character, and none of the sequences the fold looks
     * ahead for, then straddles e. */
    for (k = 0; k < nends; k++)
        if (ends[k] > len || (k > 0 && ends[k] < ends[k - 1]) ||
            (ends[k] < len && (unsigned char)s[ends[k]] >= 0x80))
            return 0;
    return fold_marked(s, len, out, cap, ends, nends, lens);
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

static int is_ascii_alnum(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
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

/* A hyphen inside a word, or ending a line inside a word broken across
 * lines ("Baden-\nWuerttemberg"): its length with the line break. */
static size_t hyphen_len(const unsigned char *u, size_t j, size_t len)
{
    size_t k = j + 1;
    int nl = 0;

    while (k < len && (u[k] == ' ' || u[k] == '\t' || u[k] == '\r' || u[k] == '\n')) {
        if (u[k] == '\n')
            nl++;
        k++;
    }
    if (k == j + 1)
        return 1;
    if (nl != 1)
        return 0;
    return k - j;
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

/* Whether the '.' after a word abbreviates it (an initial, a title, a
 * dotted abbreviation) rather than ending a sentence. */
static int soft_dot(const char *s, const struct cab_tok *t)
{
    char f[CAB_MAX_NAME];
    size_t n;

    if (t->len == 1 || (t->flags & CAB_T_ABBR))
        return 1;
    n = cab_name_fold(s + t->start, t->len, f, sizeof f);
    return n > 0 && n <= 5 && ((cab_name_word_class(f, n) & CAB_W_TITLE) ||
                               strcmp(f, "jr") == 0 || strcmp(f, "st") == 0);
}

cab_status cab_name_tokenize(const char *s, size_t len, struct cab_tok **out, size_t *n)
{
    const unsigned char *u = (const unsigned char *)s;
    struct cab_tok *t = NULL;
    size_t nt = 0, alloc = 0, i = 0, last_end = 0;

    *out = NULL;
    *n = 0;
    while (i < len) {
        size_t start, j, gap_nl = 0;
        unsigned flags = 0, upper = 0, lower = 0, letters = 0;
        char prev = '\0', first = '\0';

        /* ASCII bytes, most of any text, are told apart the short way. */
        if (u[i] < 0x80 ? !is_ascii_alnum(u[i]) : letter_len(u, i, len) == 0) {
            i++;
            continue;
        }
        start = i;
        j = i;
        for (;;) {
            unsigned char c = u[j];
            size_t k;

            /* ASCII letters and digits, most of any text, the short way. */
            if (c >= 'a' && c <= 'z') {
                lower++;
                letters++;
                j++;
                continue;
            }
            if (c >= 'A' && c <= 'Z') {
                upper++;
                letters++;
                j++;
                continue;
            }
            if (c >= '0' && c <= '9') {
                flags |= CAB_T_DIGIT;
                j++;
                continue;
            }
            k = c < 0x80 ? 0 : letter_len(u, j, len);
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
                k = hyphen_len(u, j, len);
            if (k > 0 && j + k < len && letter_len(u, j + k, len) > 0) {
                j += k;
                continue;
            }
            break;
        }
        if (nt == CAB_MAX_TOKENS)
            break;
        if (nt == alloc) {
            /* Words take six bytes or so with their space: start near
             * that, so that a long text is seldom copied as it grows. */
            size_t na = alloc ? alloc * 2 : len / 6 + 256;
            struct cab_tok *nt2;

            if (na > CAB_MAX_TOKENS)
                na = CAB_MAX_TOKENS;
            nt2 = cab_realloc(t, na * sizeof *t);
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
                /* The dot of "E." or "Mr." does not part a name. */
                if (!(c == '.' && k == last_end && nt > 0 && soft_dot(s, &t[nt - 1])))
                    flags |= CAB_T_GAP;
            }
        }
        if (gap_nl >= 2)
            flags |= CAB_T_GAP;
        if (nt == 0 || gap_nl >= 2 || prev == '.' || prev == '!' || prev == '?' ||
            prev == ':' || prev == ';' || (prev == '-' && gap_nl == 0 && nt > 0 &&
                                            (flags & CAB_T_GAP) && u[start - 1] == ' '))
            flags |= CAB_T_SENT;
        if (nt > 0 && prev == '.' && (t[nt - 1].flags & CAB_T_DOT) && !(flags & CAB_T_GAP))
            flags &= ~(unsigned)CAB_T_SENT; /* "Mr. Smith", "Richard E. Hoagland" */
        /* "GOA's" is in capitals all the same. */
        if (u[j - 1] == 's' && j - start > 2 &&
            (u[j - 2] == '\'' || (u[j - 2] == 0x99 && j - start > 4 && u[j - 4] == 0xE2))) {
            lower--;
            letters--;
        }
        if (letters >= 2 && lower == 0 && upper >= 2)
            flags |= CAB_T_ALLCAPS;
        if (u[start] < 0x80 ? u[start] >= 'A' && u[start] <= 'Z' : is_upper_at(u, start, len))
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
        if (j - start > 2 && (u[j - 1] == 's' || u[j - 1] == 'S') && u[j - 2] == '\'') {
            t[nt].len -= 2;
            flags |= CAB_T_POSS;
        } else if (j - start > 4 && (u[j - 1] == 's' || u[j - 1] == 'S') && u[j - 2] == 0x99 &&
                   u[j - 4] == 0xE2) {
            t[nt].len -= 4;
            flags |= CAB_T_POSS;
        }
        t[nt].flags = flags;
        t[nt].word = 0;
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

/* Index of the folded word f[0..len) (of hash h, fold_hash) in w->word,
 * added when new; 'slots' (a power of two, at least twice the words) maps
 * hashes to index + 1.  The word table must be built. */
static uint32_t word_index(struct cab_words *w, uint32_t *slots, size_t nslots, size_t *pool_len,
                           const char *f, size_t len, uint32_t h)
{
    size_t s = h & (nslots - 1);
    struct cab_word *nw;

    while (slots[s]) {
        const struct cab_word *o = &w->word[slots[s] - 1];

        if (o->len == len && memcmp(o->fold, f, len) == 0)
            return slots[s] - 1;
        s = (s + 1) & (nslots - 1);
    }
    nw = &w->word[w->nword];
    memcpy(w->pool + *pool_len, f, len);
    w->pool[*pool_len + len] = '\0';
    nw->fold = w->pool + *pool_len;
    nw->len = len;
    nw->cls = word_class_hashed(f, len, h);
    nw->known = nw->is = 0;
    *pool_len += len + 1;
    slots[s] = (uint32_t)++w->nword;
    return slots[s] - 1;
}

/* cab_name_fold(s, len, f, CAB_MAX_NAME) and the fold_hash of the result
 * in *h, the short way (one pass) for the words made only of ASCII
 * letters and digits, which are most of them; *plain says whether the
 * word was one of those. */
static size_t fold_word(const char *s, size_t len, char f[CAB_MAX_NAME], int *plain, uint32_t *h)
{
    uint32_t fh = 2166136261u;
    size_t i, n;

    *plain = 0;
    for (i = 0; i < len && len < CAB_MAX_NAME; i++) {
        char c = s[i];

        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
            break;
        f[i] = c;
        fh = (fh ^ (unsigned char)c) * 16777619u;
    }
    if (i == len && len < CAB_MAX_NAME) {
        f[len] = '\0';
        *plain = 1;
        *h = fh;
        return len;
    }
    n = cab_name_fold(s, len, f, CAB_MAX_NAME);
    *h = fold_hash(f, n);
    return n;
}

cab_status cab_words_build(const char *s, size_t len, struct cab_words *w)
{
    uint32_t *slots;
    size_t i, nslots = 16, pool_cap = 1, pool_len = 1;
    cab_status rc;

    memset(w, 0, sizeof *w);
    rc = cab_name_tokenize(s, len, &w->tok, &w->ntok);
    if (rc != CAB_OK)
        return rc;
    /* Folding never lengthens a word. */
    for (i = 0; i < w->ntok; i++)
        pool_cap += w->tok[i].len + 1;
    while (nslots < 2 * (w->ntok + 1))
        nslots <<= 1;
    w->pool = cab_malloc(pool_cap);
    w->word = cab_malloc((w->ntok + 1) * sizeof *w->word);
    slots = cab_calloc(nslots, sizeof *slots);
    if (!w->pool || !w->word || !slots) {
        cab_free(slots);
        cab_words_release(w);
        return CAB_NOMEM;
    }
    pthread_once(&word_table_once, build_word_table);
    /* Word 0 stands for every token that folds to nothing. */
    w->pool[0] = '\0';
    memset(&w->word[0], 0, sizeof w->word[0]);
    w->word[0].fold = w->pool;
    w->nword = 1;
    for (i = 0; i < w->ntok; i++) {
        char f[CAB_MAX_NAME];
        int plain;
        uint32_t h;
        size_t n = fold_word(s + w->tok[i].start, w->tok[i].len, f, &plain, &h);

        w->tok[i].word = n ? word_index(w, slots, nslots, &pool_len, f, n, h) : 0;
        if (plain)
            w->tok[i].flags |= CAB_T_PLAIN;
    }
    cab_free(slots);
    return CAB_OK;
}

void cab_words_release(struct cab_words *w)
{
    cab_free(w->tok);
    cab_free(w->word);
    cab_free(w->pool);
    memset(w, 0, sizeof *w);
}

void cab_words_forget(struct cab_words *w)
{
    size_t i;

    for (i = 0; i < w->nword; i++)
        w->word[i].known = w->word[i].is = 0;
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
        /* Mixed case for sure even if every byte left were a capital:
         * ordinary text is known after its first lines. */
        if (lower * 20 >= upper + lower + (len - i - 1))
            return 0;
    }
    return upper + lower > 0 && lower * 20 < upper + lower;
}

size_t cab_name_copy(const char *s, size_t len, char *out)
{
    size_t i, o = 0;

    for (i = 0; i < len; i++)
        if (s[i] != ' ' && s[i] != '\n' && s[i] != '\r' && s[i] != '\t')
            out[o++] = s[i];
    return o;
}

/* The phrase marks a line wherever it stands in it, and holds no line
 * break, so each place it occurs blanks the line around it. */
static char *next_byte(char *from, char *end, char c)
{
    char *p = from < end ? memchr(from, c, (size_t)(end - from)) : NULL;

    return p ? p : end;
}

void cab_name_blank_boilerplate(char *text, size_t len)
{
    static const char phrase[] = "classified web";
    const size_t plen = sizeof phrase - 1;
    char *end = text + len;
    /* The next 'c' and 'C' not yet ruled out: memchr() finds the bytes
     * the phrase may start at far faster than a test of every byte. */
    char *lo = next_byte(text, end, 'c'), *up = next_byte(text, end, 'C');

    for (;;) {
        char *p = lo < up ? lo : up, *a = p, *e = p;

        if ((size_t)(end - p) < plen)
            return;
        if (strncasecmp(p, phrase, plen) != 0) {
            if (p == lo)
                lo = next_byte(p + 1, end, 'c');
            else
                up = next_byte(p + 1, end, 'C');
            continue;
        }
        while (a > text && a[-1] != '\n')
            a--;
        while (e < end && *e != '\n')
            e++;
        memset(a, ' ', (size_t)(e - a));
        lo = next_byte(e, end, 'c');
        up = next_byte(e, end, 'C');
    }
}

cab_status cab_name_text_build(const struct cable *c, struct cab_name_text *t)
{
    cab_status rc;

    memset(t, 0, sizeof *t);
    cab_buf_init(&t->buf, CAB_MAX_TEXT + CAB_MAX_FIELD + 2);
    rc = cab_buf_addstr(&t->buf, c->subject ? c->subject : "");
    if (rc == CAB_OK)
        rc = cab_buf_addstr(&t->buf, "\n\n");
    t->body_start = t->buf.len;
    if (rc == CAB_OK)
        rc = cab_buf_addstr(&t->buf, c->text ? c->text : c->body ? c->body : "");
    if (rc != CAB_OK)
        return rc;
    cab_name_blank_boilerplate(t->buf.data, t->buf.len);
    t->caps = cab_name_text_is_caps(t->buf.data, t->buf.len);
    return cab_words_build(t->buf.data, t->buf.len, &t->words);
}

void cab_name_text_release(struct cab_name_text *t)
{
    cab_words_release(&t->words);
    cab_buf_release(&t->buf);
    t->body_start = 0;
    t->caps = 0;
}

cab_status cab_name_text_run(struct cable *c, cab_name_finder find)
{
    struct cab_name_text t;
    cab_status rc = cab_name_text_build(c, &t);

    if (rc == CAB_OK)
        rc = find(c, &t);
    cab_name_text_release(&t);
    return rc;
}
