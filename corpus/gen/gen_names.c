/* Given names and surnames by culture, for the people generated cables
 * mention.  Our own short lists; a name may recur across lists. */
#include "gen.h"

struct names {
    const char *const *given;
    size_t n_given;
    const char *const *sur;
    size_t n_sur;
};

#define LIST(...) (const char *const[]){ __VA_ARGS__ }
#define COUNT(...) (sizeof((const char *const[]){ __VA_ARGS__ }) / sizeof(const char *))
#define NAMES(g, s) { LIST g, COUNT g, LIST s, COUNT s }

static const struct names names[CAB_CULT_COUNT] = {
    [CAB_CULT_ANGLO] = NAMES(("Richard", "Susan", "James", "Patricia", "Robert", "Linda", "William",
        "Elizabeth", "Thomas", "Margaret", "Daniel", "Karen", "Michael", "Anne", "Christopher",
        "Deborah", "Gregory", "Janet", "Douglas", "Catherine", "Philip", "Nancy"),
        ("Hoagland", "Spratlen", "Whitaker", "Brennan", "Caldwell", "Fletcher", "Harrington",
        "Kessler", "Lockwood", "Mercer", "Pemberton", "Randall", "Sutherland", "Thornton",
        "Vaughan", "Winslow", "Ashby", "Blackwell", "Crandall", "Dunmore", "Ellsworth",
        "Garrison", "Holloway", "Prescott", "Stanfield", "Tillman")),
    [CAB_CULT_RUSSIAN] = NAMES(("Galina", "Sergey", "Tatyana", "Dmitriy", "Irina", "Aleksandr",
        "Olga", "Nikolay", "Yelena", "Vladimir", "Svetlana", "Mikhail", "Natalya", "Andrey",
        "Lyudmila", "Yuriy"),
        ("Morozova", "Ivanov", "Kuznetsov", "Sokolova", "Volkov", "Lebedev", "Novikova",
        "Fedorov", "Orlov", "Pavlova", "Zaitsev", "Belyakov", "Gromova", "Karpov", "Tarasov",
        "Yermakov", "Shchukina", "Vasnetsov")),
    [CAB_CULT_CENTRAL_ASIAN] = NAMES(("Nurlan", "Aigul", "Yerlan", "Gulnara", "Kanat", "Saule",
        "Bakhyt", "Dinara", "Askar", "Zhanna", "Marat", "Aizhan", "Timur", "Rustam", "Dilnoza",
        "Batyr"),
        ("Abenov", "Tokayeva", "Zhakupov", "Nurpeisova", "Suleimenov", "Baimukhanov", "Iskakova",
        "Kenzhebekov", "Mamytov", "Tursunova", "Umarov", "Rakhimova", "Yusupov", "Otunbayev",
        "Dzhumaliev", "Sadykova")),
    [CAB_CULT_ARABIC] = NAMES(("Mohammed", "Ahmed", "Fatima", "Khalid", "Layla", "Omar", "Hassan",
        "Amira", "Yousef", "Samir", "Nadia", "Tariq", "Abdullah", "Rania", "Faisal", "Huda"),
        ("al-Rashid", "Haddad", "al-Tamimi", "Mansour", "Khoury", "al-Jabouri", "Nasser",
        "al-Hakim", "Saleh", "Barzani", "al-Dulaimi", "Qassem", "Hamdan", "al-Sudani",
        "Abdelaziz", "Farouk", "al-Shammari", "Darwish")),
    [CAB_CULT_TURKISH] = NAMES(("Mehmet", "Ayse", "Mustafa", "Fatma", "Ahmet", "Zeynep", "Emre",
        "Elif", "Murat", "Hulya", "Kemal", "Sibel", "Ilham", "Leyla"),
        ("Yilmaz", "Kaya", "Demir", "Sahin", "Celik", "Ozturk", "Aydin", "Arslan", "Dogan",
        "Kilic", "Aliyev", "Mammadov", "Guliyev", "Erdem", "Korkmaz")),
    [CAB_CULT_GERMAN] = NAMES(("Wolfgang", "Ursula", "Klaus", "Angelika", "Juergen", "Monika",
        "Stefan", "Sabine", "Matthias", "Heike", "Dieter", "Brigitte", "Markus", "Gisela"),
        ("Schneider", "Hoffmann", "Becker", "Richter", "Zimmermann", "Kraus", "Brandt",
        "Vogel", "Hartmann", "Lindemann", "Eckhardt", "Steinmeier", "Wagenknecht", "Pfeiffer")),
    [CAB_CULT_CHINESE] = NAMES(("Wei", "Jianguo", "Xiaoming", "Li", "Hong", "Zhiqiang", "Mei",
        "Jun", "Yang", "Lan", "Guoqing", "Ying", "Haitao", "Fang"),
        ("Wang", "Zhang", "Liu", "Chen", "Zhou", "Huang", "Zhao", "Wu", "Xu", "Sun", "Ma",
        "Hu", "Guo", "Yuan", "Dai", "Cui")),
    [CAB_CULT_KOREAN] = NAMES(("Min-jun", "Seo-yeon", "Ji-hoon", "Hye-jin", "Sung-ho", "Eun-ji",
        "Dong-hyun", "Soo-min", "Young-chul", "Mi-kyung", "Jae-won", "Kyung-wha"),
        ("Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim", "Han",
        "Shin", "Yu", "Hyun")),
    [CAB_CULT_INDIAN] = NAMES(("Rajesh", "Priya", "Anil", "Sunita", "Vikram", "Deepa", "Sanjay",
        "Meera", "Arjun", "Kavita", "Imran", "Ayesha", "Rahul", "Nirmala", "Shahid", "Farzana"),
        ("Sharma", "Patel", "Singh", "Gupta", "Reddy", "Iyer", "Chaudhry", "Malik", "Qureshi",
        "Banerjee", "Menon", "Rao", "Hussain", "Kapoor", "Joshi", "Bhattacharya", "Gilani",
        "Rahman", "Perera", "Koirala")),
    [CAB_CULT_SPANISH] = NAMES(("Jose", "Maria", "Carlos", "Ana", "Luis", "Carmen", "Juan",
        "Rosa", "Miguel", "Isabel", "Fernando", "Lucia", "Alejandro", "Marta", "Jorge",
        "Gabriela"),
        ("Garcia", "Rodriguez", "Martinez", "Lopez", "Hernandez", "Gonzalez", "Perez",
        "Sanchez", "Ramirez", "Torres", "Flores", "Rivera", "Morales", "Ortega", "Castillo",
        "Mendoza", "Vargas", "Cabrera", "Zelaya", "Uribe")),
    [CAB_CULT_FRENCH] = NAMES(("Jean", "Marie", "Pierre", "Isabelle", "Francois", "Sylvie",
        "Michel", "Nathalie", "Philippe", "Christine", "Laurent", "Helene", "Joseph", "Odile"),
        ("Dubois", "Lefebvre", "Moreau", "Laurent", "Girard", "Mercier", "Fontaine", "Rousseau",
        "Blanchard", "Chevalier", "Kabila", "Diouf", "Ndiaye", "Tshisekedi", "Mbeki")),
    [CAB_CULT_JAPANESE] = NAMES(("Hiroshi", "Yuko", "Takeshi", "Keiko", "Kenji", "Naoko",
        "Masahiro", "Akiko", "Taro", "Emi", "Yoshihiko", "Kazuo"),
        ("Tanaka", "Suzuki", "Takahashi", "Watanabe", "Ito", "Nakamura", "Kobayashi",
        "Yamamoto", "Okada", "Maehara", "Hatoyama", "Fujimura", "Sasaki", "Matsumoto")),
    [CAB_CULT_PERSIAN] = NAMES(("Ali", "Maryam", "Reza", "Shirin", "Hamid", "Parisa", "Mahmoud",
        "Zahra", "Ahmad", "Farid", "Nasrin", "Hamid", "Abdul", "Gul"),
        ("Hosseini", "Karimi", "Rezaei", "Moradi", "Jafari", "Ahmadi", "Tehrani", "Larijani",
        "Mousavi", "Rahimi", "Popal", "Wardak", "Noorzai", "Barakzai", "Stanekzai")),
    [CAB_CULT_AFRICAN] = NAMES(("Kwame", "Amina", "Oluwaseun", "Wanjiru", "Tendai", "Chidi",
        "Nomvula", "Tesfaye", "Abebe", "Fatou", "Musa", "Grace", "Jomo", "Thandiwe"),
        ("Okonkwo", "Mwangi", "Kenyatta", "Odinga", "Moyo", "Tsvangirai", "Adeyemi", "Bello",
        "Kariuki", "Nkosi", "Mengistu", "Haile", "Zuma", "Dlamini", "Obi", "Chikwanha")),
    [CAB_CULT_PORTUGUESE] = NAMES(("Joao", "Ana", "Paulo", "Fernanda", "Antonio", "Luiza",
        "Marcos", "Beatriz", "Ricardo", "Patricia", "Celso", "Dilma"),
        ("Silva", "Santos", "Oliveira", "Souza", "Costa", "Pereira", "Almeida", "Ferreira",
        "Carvalho", "Amorim", "Rocha", "Nascimento", "Barbosa", "Teixeira")),
    [CAB_CULT_ITALIAN] = NAMES(("Giuseppe", "Giovanna", "Marco", "Francesca", "Luca", "Paola",
        "Massimo", "Chiara", "Giorgios", "Eleni", "Dimitris", "Katerina"),
        ("Rossi", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco", "Bruno",
        "Frattini", "Papadopoulos", "Karamanlis", "Bakoyannis", "Galli", "Conti")),
    [CAB_CULT_NORDIC] = NAMES(("Lars", "Ingrid", "Erik", "Astrid", "Jan", "Karin", "Pieter",
        "Sanne", "Henrik", "Sigrid", "Bjorn", "Maarten"),
        ("Johansson", "Andersson", "Larsen", "Nilsen", "Hansen", "Berg", "Lindqvist",
        "de Vries", "van Dijk", "Jansen", "Bakker", "Stoltenberg", "Bildt", "Soerensen")),
    [CAB_CULT_POLISH] = NAMES(("Piotr", "Anna", "Tomasz", "Katarzyna", "Krzysztof", "Agnieszka",
        "Marek", "Malgorzata", "Radoslaw", "Ewa", "Pawel", "Joanna"),
        ("Nowak", "Kowalski", "Wisniewska", "Wojcik", "Kaminski", "Lewandowska", "Zielinski",
        "Szymanski", "Sikorski", "Kaczmarek", "Dabrowski", "Mazur")),
    [CAB_CULT_SOUTHEAST_ASIAN] = NAMES(("Nguyen", "Somchai", "Siti", "Budi", "Maria", "Thanh",
        "Supachai", "Dewi", "Rodrigo", "Abhisit", "Linh", "Ferdinand"),
        ("Tran", "Pham", "Le", "Wongsawat", "Chinnawat", "Susilo", "Wibowo", "Santoso",
        "Reyes", "Aquino", "Macapagal", "Vejjajiva", "Hoang", "Pangilinan")),
};

const char *cab_gen_given_name(struct cab_gen_rng *r, enum cab_gen_culture culture)
{
    const struct names *nm = &names[culture];

    return nm->given[cab_gen_rng_below(r, (uint32_t)nm->n_given)];
}

const char *cab_gen_surname(struct cab_gen_rng *r, enum cab_gen_culture culture)
{
    const struct names *nm = &names[culture];

    return nm->sur[cab_gen_rng_below(r, (uint32_t)nm->n_sur)];
}
