/* The generator's vocabulary: hand-written diplomatic words and phrases
 * by word class, drawn with Zipf-like weights (the first entries are the
 * most frequent), plus a long tail of pronounceable pseudo-words built from
 * syllables, so that the index sees the rare terms a real corpus has. */
#include <math.h>
#include <string.h>

#include "cab_mem.h"
#include "gen.h"

#define LIST(...) { (const char *const[]){ __VA_ARGS__ }, \
                    sizeof((const char *const[]){ __VA_ARGS__ }) / sizeof(const char *) }

static const struct cab_gen_list lists[CAB_GEN_NCLASSES] = {
    [CAB_GEN_NOUN] = LIST("government", "minister", "embassy", "meeting", "issue", "region",
        "party", "ministry", "country", "election", "security", "program", "situation",
        "opposition", "agreement", "visit", "law", "cooperation", "relationship", "parliament",
        "process", "policy", "assistance", "support", "report", "conference", "delegation",
        "investigation", "administration", "proposal", "reform", "budget", "border", "economy",
        "military", "police", "court", "president", "constitution", "campaign", "coalition",
        "strategy", "dialogue", "crisis", "framework", "initiative", "mission", "commission",
        "council", "treaty", "resolution", "sanctions regime", "shelter", "trafficking",
        "corruption", "prosecutor", "judiciary", "ceasefire", "insurgency", "pipeline",
        "refinery", "tariff", "investment", "privatization", "inflation", "currency",
        "central bank", "harvest", "drought", "pandemic", "vaccine", "refugee camp", "visa",
        "passport", "detainee", "prison", "tribunal", "ombudsman", "media", "newspaper",
        "broadcaster", "journalist", "blogger", "activist", "union", "strike", "protest",
        "demonstration", "rally", "referendum", "ballot", "turnout", "mandate", "cabinet",
        "portfolio", "deputy", "spokesman", "counterpart", "interlocutor", "contact", "source",
        "readout", "demarche", "non-paper", "talking point", "agenda", "communique",
        "memorandum", "protocol", "accession", "waiver", "license", "contract", "tender",
        "concession", "consortium", "subsidiary", "shipment", "cargo", "vessel", "port",
        "airfield", "garrison", "brigade", "battalion", "convoy", "checkpoint", "militia",
        "tribe", "clan", "diaspora", "minority", "enclave", "province", "district",
        "municipality", "governorate", "watershed", "reservoir", "oilfield", "uranium",
        "centrifuge", "warhead", "missile", "submarine", "frigate", "helicopter", "drone",
        "smuggling", "narcotics", "extradition", "money laundering", "piracy", "hostage",
        "kidnapping", "landmine", "humanitarian corridor", "donor", "grant", "loan",
        "debt relief", "remittance", "textile quota", "fishery", "wheat", "cotton", "gas field"),
    [CAB_GEN_NOUNS] = LIST("officials", "leaders", "authorities", "partners", "reforms",
        "elections", "talks", "negotiations", "efforts", "concerns", "forces", "troops",
        "victims", "members", "parties", "contacts", "allegations", "measures", "projects",
        "investors", "diplomats", "ministers", "deputies", "observers", "experts", "donors",
        "refugees", "migrants", "workers", "students", "clerics", "businessmen", "farmers",
        "militants", "insurgents", "traffickers", "smugglers", "prisoners", "detainees",
        "journalists", "activists", "judges", "prosecutors", "governors", "mayors",
        "commanders", "advisors", "envoys", "stakeholders", "neighbors", "elites",
        "oligarchs", "exporters", "importers", "shipments", "subsidies", "tariffs",
        "revenues", "arrears", "quotas", "licenses", "amendments", "regulations", "guidelines",
        "benchmarks", "priorities", "grievances", "assurances", "commitments", "tensions"),
    [CAB_GEN_ADJ] = LIST("political", "bilateral", "economic", "senior", "regional",
        "international", "national", "local", "new", "key", "significant", "current", "former",
        "strong", "close", "public", "private", "military", "foreign", "domestic", "federal",
        "provincial", "ruling", "opposition", "independent", "constructive", "frank",
        "candid", "productive", "difficult", "sensitive", "broad", "modest", "ambitious",
        "credible", "fragile", "volatile", "stable", "transparent", "opaque", "controversial",
        "contentious", "pragmatic", "cautious", "skeptical", "optimistic", "pessimistic",
        "legitimate", "illegal", "informal", "formal", "preliminary", "comprehensive",
        "strategic", "tactical", "humanitarian", "judicial", "legislative", "executive",
        "electoral", "sectarian", "ethnic", "tribal", "religious", "secular", "nationalist",
        "reformist", "hardline", "moderate", "influential", "marginal", "unprecedented",
        "longstanding", "nascent", "lucrative", "costly", "robust", "anemic", "bureaucratic",
        "multilateral", "trilateral", "maritime", "nuclear", "civilian", "clandestine"),
    [CAB_GEN_VERB] = LIST("discussed", "welcomed", "criticized", "supported", "rejected",
        "raised", "reviewed", "emphasized", "addressed", "approved", "signed", "announced",
        "opposed", "praised", "questioned", "postponed", "endorsed", "blocked", "delayed",
        "expanded", "reduced", "strengthened", "undermined", "complicated", "facilitated",
        "negotiated", "ratified", "suspended", "resumed", "launched", "finalized", "amended",
        "challenged", "downplayed", "highlighted", "underscored", "outlined", "pledged",
        "requested", "proposed", "condemned", "investigated", "monitored", "financed",
        "obstructed", "accelerated", "reconsidered", "dismissed", "acknowledged", "defended"),
    [CAB_GEN_SAYVERB] = LIST("said", "noted", "stressed", "explained", "argued",
        "claimed", "asserted", "observed", "confided", "complained", "added", "insisted",
        "acknowledged", "predicted", "warned", "admitted", "reported", "suggested", "recalled"),
    [CAB_GEN_ADVERB] = LIST("also", "repeatedly", "privately", "publicly", "strongly",
        "clearly", "reportedly", "separately", "recently", "openly", "firmly", "quietly",
        "consistently", "reluctantly", "increasingly", "largely", "sharply", "briefly",
        "candidly", "effectively", "gradually", "ultimately"),
    [CAB_GEN_ORG] = LIST("the Ministry of Foreign Affairs", "the Ministry of Interior",
        "the Ministry of Defense", "the Presidential Administration", "the Prime Minister's office",
        "the ruling party", "the parliament", "the Central Election Commission",
        "the Supreme Court", "the Prosecutor General's office", "the National Security Council",
        "the Ministry of Finance", "the Ministry of Energy", "the Ministry of Justice",
        "the Ministry of Trade & Industry", "the Central Bank", "the state oil company",
        "the European Union", "the United Nations", "NATO", "the IAEA", "the OSCE",
        "the World Bank", "the IMF", "the Red Cross", "the UNHCR", "the WTO", "USAID",
        "the Department", "the Country Team", "the DEA office", "the Defense Attache",
        "the Chamber of Commerce", "the U.S.-Business Council", "the Trade & Investment Council",
        "a local NGO", "the Bar Association", "the Human Rights Commission",
        "the Anti-Corruption Agency", "the Border Guard Service", "the customs service",
        "the intelligence service", "the General Staff", "the Coast Guard", "the Senate"),
    [CAB_GEN_TOPIC] = LIST("POLITICAL UPDATE", "ELECTION PREPARATIONS", "ENERGY SECTOR REFORM",
        "ANTI-TRAFFICKING PROGRAMS", "BILATERAL RELATIONS", "MEETING WITH FOREIGN MINISTER",
        "BUDGET DEBATE", "HUMAN RIGHTS CONCERNS", "COUNTERTERRORISM COOPERATION",
        "BORDER SECURITY", "MEDIA FREEDOM", "CORRUPTION ALLEGATIONS", "CABINET RESHUFFLE",
        "NUCLEAR PROGRAM", "TRADE DISPUTE", "PIPELINE NEGOTIATIONS", "OPPOSITION RALLY",
        "CODEL VISIT", "DEFENSE COOPERATION", "REFUGEE SITUATION", "NARCOTICS TRAFFICKING",
        "BANKING CRISIS", "RELIGIOUS FREEDOM", "WTO ACCESSION", "PRESS REACTION",
        "JUDICIAL REFORM", "MILITARY EXERCISES", "FOOD SECURITY", "LABOR UNREST",
        "DEMARCHE DELIVERED", "SCENESETTER FOR VISIT", "INVESTMENT CLIMATE", "HOSTAGE CASE",
        "MONEY LAUNDERING", "PIRACY OFF THE COAST", "EXTRADITION REQUEST", "CHILD LABOR",
        "AVIAN INFLUENZA", "CLIMATE NEGOTIATIONS", "ARMS SALES", "VISA FRAUD",
        "SUCCESSION QUESTIONS", "PROVINCIAL ELECTIONS", "INSURGENT ATTACKS", "CEASEFIRE TALKS"),
    [CAB_GEN_HEADING] = LIST("BACKGROUND", "COMMENT", "THE WAY AHEAD", "NEXT STEPS",
        "MIXED SIGNALS", "A CAUTIOUS OPTIMISM", "ECONOMIC OUTLOOK", "SECURITY CONCERNS",
        "REGIONAL IMPLICATIONS", "POLITICAL FALLOUT", "PUBLIC REACTION", "THE ROLE OF THE PRESS",
        "LOCAL DYNAMICS", "BUDGET PRESSURES", "WHAT THEY WANT FROM US", "OLD GRIEVANCES"),
    [CAB_GEN_QUOTE] = LIST("we will not be pressured", "the door remains open",
        "this is an internal matter", "time is not on our side", "we need results, not words",
        "nobody wants a crisis", "the situation is under control", "we are ready to help",
        "it is too early to say", "the law will be respected", "everything is negotiable",
        "patience is running out", "we have no other choice", "this was a misunderstanding",
        "the people will decide", "we cannot do this alone"),
};

struct cab_gen_list cab_gen_words(enum cab_gen_wordclass wc)
{
    return lists[wc];
}

/* Subject and program tags, most frequent first. */
static const char *const tags[] = {
    "PREL", "PGOV", "ECON", "ETRD", "PHUM", "MARR", "EFIN", "ENRG", "PTER", "MOPS",
    "KDEM", "SNAR", "PINR", "EAID", "ASEC", "KCRM", "PINS", "KTIP", "SOCI", "ELAB",
    "EINV", "KJUS", "KNNP", "PARM", "SMIG", "CVIS", "KWMN", "EPET", "TSPL", "KPAO",
    "OTRA", "AMGT", "SENV", "EAGR", "KISL", "KIRF", "KMDR", "PREF", "MASS", "TBIO",
    "KHIV", "KFLU", "OEXC", "ECPS", "EWWT", "KSCA", "KPKO", "KCOR", "SCUL", "CASC",
};

static double *cdfs[CAB_GEN_NCLASSES];
static double *tag_cdf;
static char **rare;
static double *rare_cdf;
static size_t n_rare;

/* Words whose frequency was learnt from real pages (--learn). */
static char **learnt;
static double *learnt_cdf;
static size_t n_learnt;

#define N_RARE 30000

static double *zipf_cdf(size_t n, double s)
{
    double *cdf = cab_malloc(n * sizeof *cdf);
    double sum = 0;

    if (cdf == NULL)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        /* 1/(k+2.7)^s: flatter at the head than pure Zipf, as word lists are. */
        sum += pow((double)i + 2.7, -s);
        cdf[i] = sum;
    }
    return cdf;
}

static const char *const onsets[] = {
    "b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "sh", "kh", "tr",
    "br", "st", "gr", "dr", "ch", "zh", "y", "h", "pl", "kr",
};
static const char *const vowels[] = { "a", "e", "i", "o", "u", "ai", "ou", "ia", "ey" };
static const char *const codas[] = { "", "", "", "n", "r", "s", "l", "m", "k", "t", "v", "sk" };

/* Rare words are fixed for every seed (their own RNG stream), so a word
 * found in one sample exists, with the same rank, in every other. */
static char *make_rare(struct cab_gen_rng *r)
{
    char w[40];
    size_t len = 0;
    int syll = 2 + (int)cab_gen_rng_below(r, 3);

    for (int i = 0; i < syll; i++) {
        const char *parts[3] = {
            onsets[cab_gen_rng_below(r, sizeof onsets / sizeof *onsets)],
            vowels[cab_gen_rng_below(r, sizeof vowels / sizeof *vowels)],
            i == syll - 1 ? codas[cab_gen_rng_below(r, sizeof codas / sizeof *codas)] : "",
        };
        for (int p = 0; p < 3; p++) {
            size_t pl = strlen(parts[p]);
            memcpy(w + len, parts[p], pl);
            len += pl;
        }
    }
    w[len] = '\0';
    return cab_strdup(w);
}

cab_status cab_gen_words_init(void)
{
    struct cab_gen_rng r;

    if (rare != NULL)
        return CAB_OK;
    for (int wc = 0; wc < CAB_GEN_NCLASSES; wc++) {
        cdfs[wc] = zipf_cdf(lists[wc].n, 1.0);
        if (cdfs[wc] == NULL)
            goto out_nomem;
    }
    tag_cdf = zipf_cdf(sizeof tags / sizeof *tags, 1.0);
    rare_cdf = zipf_cdf(N_RARE, 1.0);
    rare = cab_calloc(N_RARE, sizeof *rare);
    if (tag_cdf == NULL || rare_cdf == NULL || rare == NULL)
        goto out_nomem;
    cab_gen_rng_seed(&r, 0x636162 /* fixed: the vocabulary */, 0);
    for (n_rare = 0; n_rare < N_RARE; n_rare++) {
        rare[n_rare] = make_rare(&r);
        if (rare[n_rare] == NULL)
            goto out_nomem;
    }
    return CAB_OK;

out_nomem:
    cab_gen_words_free();
    return CAB_NOMEM;
}

void cab_gen_words_free(void)
{
    for (int wc = 0; wc < CAB_GEN_NCLASSES; wc++) {
        cab_free(cdfs[wc]);
        cdfs[wc] = NULL;
    }
    for (size_t i = 0; rare != NULL && i < n_rare; i++)
        cab_free(rare[i]);
    for (size_t i = 0; learnt != NULL && i < n_learnt; i++)
        cab_free(learnt[i]);
    cab_free(rare);
    cab_free(rare_cdf);
    cab_free(tag_cdf);
    cab_free(learnt);
    cab_free(learnt_cdf);
    rare = learnt = NULL;
    rare_cdf = tag_cdf = learnt_cdf = NULL;
    n_rare = n_learnt = 0;
}

const char *cab_gen_rare_word(size_t i)
{
    return i < n_rare ? rare[i] : NULL;
}

size_t cab_gen_rare_count(void)
{
    return n_rare;
}

cab_status cab_gen_words_learnt(const char *const *words, const uint32_t *counts, size_t n)
{
    double sum = 0;

    if (n == 0)
        return CAB_OK;
    learnt = cab_calloc(n, sizeof *learnt);
    learnt_cdf = cab_malloc(n * sizeof *learnt_cdf);
    if (learnt == NULL || learnt_cdf == NULL)
        return CAB_NOMEM;
    for (n_learnt = 0; n_learnt < n; n_learnt++) {
        learnt[n_learnt] = cab_strdup(words[n_learnt]);
        if (learnt[n_learnt] == NULL)
            return CAB_NOMEM;
        sum += counts[n_learnt];
        learnt_cdf[n_learnt] = sum;
    }
    return CAB_OK;
}

const char *cab_gen_word(struct cab_gen_rng *r, enum cab_gen_wordclass wc)
{
    if (wc == CAB_GEN_NOUN || wc == CAB_GEN_ADJ || wc == CAB_GEN_NOUNS) {
        /* Learnt words stand in for nouns and adjectives a third of the
         * time: their own frequencies then shape the text. */
        if (n_learnt > 0 && cab_gen_rng_chance(r, 0.35))
            return learnt[cab_gen_rng_pick_cdf(r, learnt_cdf, n_learnt)];
        if (wc != CAB_GEN_NOUNS && cab_gen_rng_chance(r, 0.05))
            return rare[cab_gen_rng_pick_cdf(r, rare_cdf, n_rare)];
    }
    return lists[wc].items[cab_gen_rng_pick_cdf(r, cdfs[wc], lists[wc].n)];
}

const char *cab_gen_subject_tag(struct cab_gen_rng *r)
{
    return tags[cab_gen_rng_pick_cdf(r, tag_cdf, sizeof tags / sizeof *tags)];
}
