#include "simulate/name_pools.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>

namespace zicht::simulate {

namespace {

// A pool as text: names in order of frequency, separated by commas. A name may carry an
// explicit relative weight after a colon ("Nguyễn:38"); names without one take Zipf
// weights, 1 / rank^0.8, a fair shape for the distribution of names in a population.
struct CountryText {
  const char* code;
  const char* alpha3;
  const char* name_nl;
  const char* name_en;
  const char* female;
  const char* male;
  const char* family;
  const char* feminine_family_rule;
};

constexpr CountryText kCountries[] = {
    {"NL", "NLD", "Nederland", "Netherlands",
     "Emma,Sophie,Julia,Lisa,Anna,Sanne,Eva,Fleur,Lotte,Iris,Femke,Anouk,Laura,Sara,Demi,Britt,"
     "Lieke,Noa,Tess,Isa,Mila,Zoë,Esmee,Romy,Kim,Manon,Naomi,Chantal,Jessica,Samantha,Maria,"
     "Daphne,Amber,Nina,Lynn,Jasmijn,Eline,Roos,Yara,Lara,Elisabeth,Johanna,Catharina",
     "Daan,Sem,Lucas,Levi,Thomas,Jesse,Bram,Ruben,Tim,Lars,Luuk,Milan,Thijs,Stijn,Max,Finn,Sven,"
     "Niels,Kevin,Dennis,Jeroen,Mark,Rick,Tom,Jan,Pieter,Mohamed,Daniël,Jayden,Noah,Sam,Julian,"
     "Mees,Gijs,Koen,Joris,Wouter,Sebastiaan,Robin,Mike,Johannes,Cornelis,Hendrik,Willem",
     "de Jong:86,Jansen:74,de Vries:71,van den Berg:60,van Dijk:57,Bakker:56,Janssen:55,"
     "Visser:50,Smit:47,Meijer:45,de Boer:42,Mulder:40,de Groot:39,Bos:38,Vos:34,Peters:34,"
     "Hendriks:33,van Leeuwen:32,Dekker:31,Brouwer:30,de Wit:29,Dijkstra:29,Smits:28,"
     "de Graaf:27,van der Meer:27,van der Linden:25,Kok:25,Jacobs:25,de Haan:24,Vermeulen:24,"
     "van den Heuvel:23,van der Veen:23,van den Broek:23,de Bruijn:22,de Bruin:21,"
     "van der Heijden:21,Schouten:21,van Beek:20,Willems:20,van Vliet:19,van de Ven:19,"
     "Hoekstra:19,Maas:19,Verhoeven:19,Koster:18,van Dam:18,van der Wal:18,Prins:18,Blom:18,"
     "Huisman:17",
     ""},
    {"NG", "NGA", "Nigeria", "Nigeria",
     "Blessing,Precious,Joy,Mercy,Favour,Gift,Esther,Faith,Patience,Happiness,Grace,Osasere,"
     "Efe,Ivie,Osaretin,Chioma,Ngozi,Chiamaka,Aisha,Fatima,Funmilayo,Oluwaseun,Jennifer,Peace,"
     "Success,Rita,Omosede,Itohan,Princess,Glory",
     "Osagie,Osaro,Efosa,Emmanuel,Godwin,Samuel,John,Daniel,Chukwuemeka,Chinedu,Ibrahim,Musa,"
     "Abdullahi,Oluwaseun,Tunde,Eghosa,Felix,Friday,Sunday,Kingsley,Osaretin,Michael",
     "Osagie,Okoro,Eze,Okafor,Igbinedion,Osaghae,Omoregie,Edosomwan,Aigbe,Obasuyi,Ehigiator,"
     "Iyamu,Uwadiae,Ogbeide,Idahosa,Osayande,Ogbonna,Adeyemi,Okonkwo,Ibrahim,Musa,Bello,"
     "Abubakar,Adebayo,Ogunleye,Okeke,Nwosu,Uzor,Eweka,Imasuen",
     ""},
    {"UG", "UGA", "Oeganda", "Uganda",
     "Nakato,Babirye,Namukasa,Nabirye,Sarah,Florence,Grace,Harriet,Esther,Prossy,Sharon,Brenda,"
     "Agnes,Annet,Rose,Doreen,Joan,Mary,Immaculate,Winnie",
     "Moses,Joseph,John,Isaac,Ronald,Brian,Denis,Samuel,Emmanuel,Kato,Wasswa,Robert,Godfrey,"
     "Peter,Paul,David",
     "Okello,Mugisha,Namukasa,Nakato,Ssempijja,Kato,Mukasa,Opio,Tumusiime,Byaruhanga,Kiggundu,"
     "Lubega,Nsubuga,Ssekandi,Atim,Akello,Auma,Nabukenya,Kyomuhendo,Ainembabazi,Musoke,"
     "Nalubega,Wasswa",
     ""},
    {"PL", "POL", "Polen", "Poland",
     "Anna,Katarzyna,Maria,Małgorzata,Agnieszka,Barbara,Ewa,Magdalena,Joanna,Aleksandra,Monika,"
     "Natalia,Karolina,Marta,Julia,Paulina,Justyna,Dorota,Beata,Patrycja",
     "Piotr,Krzysztof,Andrzej,Tomasz,Paweł,Jan,Michał,Marcin,Jakub,Adam,Łukasz,Mateusz,Marek,"
     "Grzegorz,Wojciech,Kamil,Dariusz,Rafał,Mariusz,Sebastian",
     "Nowak,Kowalski,Wiśniewski,Wójcik,Kowalczyk,Kamiński,Lewandowski,Zieliński,Szymański,"
     "Woźniak,Dąbrowski,Kozłowski,Jankowski,Mazur,Wojciechowski,Kwiatkowski,Krawczyk,"
     "Kaczmarek,Piotrowski,Grabowski",
     "slavic_ski"},
    {"RO", "ROU", "Roemenië", "Romania",
     "Maria,Elena,Ioana,Andreea,Alexandra,Mihaela,Ana,Cristina,Gabriela,Daniela,Georgiana,"
     "Florentina,Alina,Nicoleta,Ramona,Roxana,Adriana,Simona,Bianca,Denisa",
     "Andrei,Alexandru,Ion,Gheorghe,Mihai,Constantin,Ionuț,Florin,Marius,Adrian,Daniel,"
     "Cristian,Vasile,Nicolae,Ștefan,Bogdan,Gabriel,Cosmin",
     "Popa,Popescu,Pop,Radu,Dumitru,Stan,Stoica,Gheorghe,Matei,Ciobanu,Ionescu,Rusu,Munteanu,"
     "Constantin,Mihai,Lazăr,Marin,Tudor,Florea,Dinu,Șerban,Moldovan,Ene,Ilie",
     ""},
    {"BG", "BGR", "Bulgarije", "Bulgaria",
     "Maria,Ivanka,Elena,Yordanka,Petya,Desislava,Gergana,Teodora,Viktoria,Nikol,Radostina,"
     "Silviya,Kristina,Galina,Svetlana,Ralitsa,Daniela",
     "Georgi,Ivan,Dimitar,Nikolay,Petar,Hristo,Todor,Stoyan,Angel,Vasil,Aleksandar,Martin,"
     "Kaloyan,Yordan,Stefan,Krasimir",
     "Ivanov,Georgiev,Dimitrov,Petrov,Nikolov,Hristov,Stoyanov,Todorov,Iliev,Vasilev,Atanasov,"
     "Petkov,Angelov,Kolev,Yordanov,Marinov,Popov,Stefanov,Mihaylov,Krastev",
     "slavic_ov"},
    {"HU", "HUN", "Hongarije", "Hungary",
     "Mária,Erzsébet,Katalin,Éva,Ilona,Anna,Zsuzsanna,Margit,Judit,Ágnes,Andrea,Erika,"
     "Krisztina,Szilvia,Anita,Nikolett,Viktória,Vivien,Dóra,Réka",
     "László,István,József,János,Zoltán,Sándor,Gábor,Ferenc,Attila,Péter,Tamás,Zsolt,Tibor,"
     "András,Csaba,Imre,Lajos,Bence,Dániel,Máté",
     "Nagy,Kovács,Tóth,Szabó,Horváth,Varga,Kiss,Molnár,Németh,Farkas,Balogh,Papp,Takács,"
     "Juhász,Lakatos,Mészáros,Oláh,Simon,Rácz,Fekete",
     ""},
    {"ER", "ERI", "Eritrea", "Eritrea",
     "Helen,Senait,Selam,Saba,Rahel,Yohana,Mebrat,Tsega,Luwam,Hiwet,Freweini,Winta,Ruta,"
     "Semhar,Eden,Meron,Hanna,Feven,Aster,Almaz",
     "Yonas,Tesfay,Dawit,Samuel,Yohannes,Mehari,Berhane,Tekle,Habtom,Filmon,Biniam,Yosief,"
     "Amanuel,Kidane,Ghebre,Mussie,Robel,Henok",
     "Tesfay,Tekle,Gebremedhin,Haile,Berhe,Gebreyesus,Kidane,Tesfamariam,Ghebremichael,"
     "Woldemariam,Mehari,Habte,Asmerom,Yemane,Araya,Ghirmay,Negash,Zerai,Okbay,Abraha",
     ""},
    {"SY", "SYR", "Syrië", "Syria",
     "Fatima,Maryam,Aya,Noor,Hiba,Rama,Sara,Lana,Rasha,Huda,Amal,Rania,Dima,Yasmin,Layla,"
     "Zainab,Hala,Reem,Asma",
     "Mohammed,Ahmad,Ali,Omar,Khaled,Mahmoud,Hussein,Yousef,Abdullah,Ibrahim,Hassan,Mustafa,"
     "Bilal,Hamza,Samer,Rami,Karim,Fadi,Tarek,Walid",
     "Al-Ahmad,Al-Hassan,Al-Ali,Hamdan,Haddad,Khalil,Al-Khatib,Darwish,Ibrahim,Mahmoud,"
     "Youssef,Al-Omar,Saleh,Nasser,Hussein,Al-Mohammad,Kassem,Othman,Sabbagh,Suleiman",
     ""},
    {"MA", "MAR", "Marokko", "Morocco",
     "Fatima,Khadija,Aicha,Naima,Malika,Hanane,Salma,Imane,Meryem,Zineb,Sanae,Latifa,Hafsa,"
     "Nadia,Samira,Yasmina,Soukaina,Houda,Ikram,Siham",
     "Mohamed,Ahmed,Youssef,Said,Rachid,Mustapha,Hassan,Abdelkader,Karim,Omar,Adil,Hamza,"
     "Ayoub,Khalid,Mehdi,Bilal,Abdellah,Driss,Nabil,Soufiane",
     "El Amrani,Benali,Alaoui,El Idrissi,Bennani,Tahiri,El Fassi,Berrada,Chraibi,Ouali,"
     "El Khattabi,Boukhari,Ziani,Amrani,Bouzid,Haddou,Ait Ali,El Mansouri,Lahlou,Naciri",
     ""},
    {"VN", "VNM", "Vietnam", "Vietnam",
     "Linh,Hương,Trang,Lan,Mai,Ngọc,Thảo,Hà,Hoa,Phương,Anh,Nhung,Hạnh,Thu,Yến,Hằng,Thúy,Nga",
     "Minh,Hùng,Tuấn,Dũng,Nam,Hải,Long,Thắng,Cường,Huy,Đức,Quang,Sơn,Phong,Việt,Khánh,Bảo,Thành",
     "Nguyễn:38,Trần:11,Lê:9.5,Phạm:7,Hoàng:5.1,Huỳnh:5,Phan:4.5,Vũ:3.9,Võ:3.9,Đặng:2.1,"
     "Bùi:2,Đỗ:1.4,Hồ:1.3,Ngô:1.3,Dương:1,Lý:0.5",
     ""},
    {"CN", "CHN", "China", "China",
     "Xiuying,Jing,Ying,Yan,Mei,Fang,Na,Min,Hui,Xia,Juan,Lan,Ping,Hong,Yu,Qian,Ting,Xin,Lili,Hua",
     "Wei,Jun,Lei,Qiang,Yong,Jie,Tao,Ming,Chao,Hao,Bo,Gang,Peng,Bin,Jian,Long,Feng,Yang",
     "Li:7.9,Wang:7.1,Zhang:6.8,Liu:5.4,Chen:4.4,Yang:3.1,Huang:2.2,Zhao:2.2,Wu:2.1,Zhou:2.1,"
     "Xu:1.6,Sun:1.5,Ma:1.4,Zhu:1.3,Hu:1.3,Guo:1.1,He:1.1,Lin:1.1,Gao:1,Luo:0.9",
     ""},
    {"UA", "UKR", "Oekraïne", "Ukraine",
     "Olena,Tetiana,Nataliia,Iryna,Svitlana,Oksana,Yuliia,Anastasiia,Kateryna,Mariia,Olha,"
     "Viktoriia,Alina,Daria,Anna,Liudmyla,Halyna,Yana",
     "Oleksandr,Serhii,Andrii,Volodymyr,Dmytro,Oleksii,Mykola,Yurii,Ivan,Vasyl,Maksym,Viktor,"
     "Ihor,Bohdan,Vitalii,Artem",
     "Melnyk,Shevchenko,Boiko,Kovalenko,Bondarenko,Tkachenko,Kovalchuk,Kravchenko,Oliinyk,"
     "Shevchuk,Koval,Polishchuk,Bondar,Tkachuk,Moroz,Marchenko,Lysenko,Rudenko,Savchenko,"
     "Petrenko",
     ""},
    {"AL", "ALB", "Albanië", "Albania",
     "Elona,Jonida,Klodiana,Ardita,Anila,Erjona,Blerta,Arjola,Mirela,Alketa,Enkelejda,Fjona,"
     "Sara,Ajola,Denisa,Kejsi,Megi",
     "Arben,Ardit,Besnik,Dritan,Elton,Ervin,Gentian,Ilir,Klodian,Fatmir,Altin,Ermal,Erion,"
     "Endrit,Arjan,Artan",
     "Hoxha,Shehu,Gjoka,Leka,Marku,Dervishi,Kola,Çela,Prifti,Basha,Hysa,Shkurti,Muça,Gjini,"
     "Brahimi,Bushati,Dedja,Laçi,Kapllani,Rama",
     ""},
};

// Given name -> common short forms, as they turn up in records that were taken down
// informally (a chat, an intake interview).
constexpr const char* kNicknames[][2] = {
    {"Elisabeth", "Lisa"},    {"Elisabeth", "Els"},      {"Johanna", "Anneke"},
    {"Catharina", "Karin"},   {"Catharina", "Tineke"},   {"Samantha", "Sam"},
    {"Jessica", "Jess"},      {"Johannes", "Hans"},      {"Johannes", "Jan"},
    {"Cornelis", "Kees"},     {"Hendrik", "Henk"},       {"Willem", "Wim"},
    {"Thomas", "Tom"},        {"Daniël", "Daan"},        {"Sebastiaan", "Bas"},
    {"Pieter", "Piet"},       {"Wouter", "Wout"},        {"Lucas", "Luc"},
    {"Katarzyna", "Kasia"},   {"Małgorzata", "Gosia"},   {"Aleksandra", "Ola"},
    {"Magdalena", "Magda"},   {"Agnieszka", "Aga"},      {"Joanna", "Asia"},
    {"Barbara", "Basia"},     {"Krzysztof", "Krzysiek"}, {"Tomasz", "Tomek"},
    {"Jakub", "Kuba"},        {"Wojciech", "Wojtek"},    {"Piotr", "Piotrek"},
    {"Grzegorz", "Grzesiek"}, {"Alexandra", "Alex"},     {"Gheorghe", "Gigi"},
    {"Constantin", "Costel"}, {"Nicolae", "Nicu"},       {"Andreea", "Andra"},
    {"Gabriela", "Gabi"},     {"Daniela", "Dana"},       {"Erzsébet", "Erzsi"},
    {"Katalin", "Kati"},      {"Zsuzsanna", "Zsuzsa"},   {"István", "Pista"},
    {"József", "Józsi"},      {"László", "Laci"},        {"János", "Jani"},
    {"Sándor", "Sanyi"},      {"Ferenc", "Feri"},        {"András", "Bandi"},
    {"Aleksandar", "Sasho"},  {"Georgi", "Gosho"},       {"Dimitar", "Mitko"},
    {"Desislava", "Desi"},    {"Viktoria", "Viki"},      {"Teodora", "Teddy"},
    {"Chiamaka", "Amaka"},    {"Oluwaseun", "Seun"},     {"Osasere", "Osas"},
    {"Osaretin", "Osas"},     {"Funmilayo", "Funmi"},    {"Chukwuemeka", "Emeka"},
    {"Chinedu", "Nedu"},      {"Emmanuel", "Emma"},      {"Mohamed", "Simo"},
    {"Abdellah", "Abdou"},    {"Soufiane", "Soufi"},     {"Fatima", "Fati"},
    {"Abdullah", "Abdo"},     {"Ibrahim", "Ibo"},        {"Oleksandr", "Sasha"},
    {"Anastasiia", "Nastia"}, {"Kateryna", "Katia"},     {"Mariia", "Masha"},
    {"Viktoriia", "Vika"},    {"Volodymyr", "Volodia"},  {"Dmytro", "Dima"},
    {"Tetiana", "Tania"},     {"Nataliia", "Natasha"},   {"Iryna", "Ira"},
    {"Svitlana", "Sveta"},    {"Yohannes", "John"},      {"Samuel", "Sam"},
};

// Spellings of one name in different transliterations (Arabic, Tigrinya, Chinese,
// Cyrillic): any member may be written as any other.
constexpr const char* kVariantGroups[] = {
    "Mohammed,Mohamed,Muhammad,Mohammad,Mohamad",
    "Ahmad,Ahmed",
    "Youssef,Yousef,Yusuf,Youcef",
    "Hussein,Hussain,Husein,Houssein",
    "Khaled,Khalid",
    "Mustafa,Mustapha,Moustafa",
    "Fatima,Fatma,Fatimah,Fatema",
    "Aicha,Aisha,Aysha",
    "Maryam,Mariam,Meryem,Miriam",
    "Noor,Nour,Nur",
    "Yasmin,Yasmine,Yasmina,Jasmin",
    "Zainab,Zaynab,Zeinab",
    "Abdullah,Abdallah,Abdellah",
    "Hassan,Hasan",
    "Omar,Umar",
    "Tarek,Tarik,Tariq",
    "Kassem,Qasim,Kasem",
    "Saleh,Salih",
    "Othman,Osman,Uthman",
    "Suleiman,Sulaiman,Souleymane",
    "Mahmoud,Mahmud,Mahmood",
    "Tesfay,Tesfaye,Tesfai",
    "Yohannes,Yohanes,Johannes",
    "Yosief,Yosef,Yoseph",
    "Gebremedhin,Ghebremedhin",
    "Gebreyesus,Ghebreyesus",
    "Ghebremichael,Gebremichael,Gebremikael",
    "Berhe,Berhie",
    "Haile,Hayle",
    "Zhang,Chang",
    "Wang,Wong",
    "Li,Lee",
    "Chen,Chan",
    "Liu,Lau",
    "Zhou,Chou,Chow",
    "Xu,Hsu",
    "Oleksandr,Aleksandr,Olexandr,Oleksander",
    "Serhii,Serhiy,Sergii",
    "Andrii,Andriy,Andrey",
    "Dmytro,Dmitro,Dmitriy",
    "Oleksii,Oleksiy,Aleksei",
    "Yurii,Yuriy,Yuri",
    "Tetiana,Tetyana,Tatiana",
    "Nataliia,Natalia,Nataliya",
    "Yuliia,Yulia,Iuliia",
    "Anastasiia,Anastasia,Anastasiya",
    "Viktoriia,Viktoria,Victoria",
    "Mariia,Mariya,Maria",
    "Olha,Olga",
    "Kovalenko,Kowalenko",
    "Shevchenko,Schewtschenko,Chevtchenko",
    "Boiko,Boyko",
    "Oliinyk,Oliynyk,Olijnyk",
    "Yordanka,Jordanka",
    "Yordanov,Jordanov",
    "Hristov,Christov",
    "Hristo,Christo",
    "Mihaylov,Mihailov,Michailov",
    "Nikolay,Nikolai",
    "Georgiev,Gueorguiev",
};

std::vector<std::string> SplitList(std::string_view text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(',', start);
    if (end == std::string_view::npos) end = text.size();
    if (end > start) out.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

NameList ParsePool(std::string_view text) {
  NameList list;
  std::vector<double> weights;
  const auto entries = SplitList(text);
  for (size_t rank = 0; rank < entries.size(); ++rank) {
    const std::string& entry = entries[rank];
    const size_t colon = entry.find(':');
    if (colon == std::string::npos) {
      list.names.push_back(entry);
      weights.push_back(1.0 / Exp(0.8 * Log(static_cast<double>(rank + 1))));
    } else {
      list.names.push_back(entry.substr(0, colon));
      weights.push_back(std::stod(entry.substr(colon + 1)));
    }
  }
  list.draw = Categorical(weights);
  return list;
}

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// Code point -> ASCII replacement for the letters that occur in the pools and in
// common European, Vietnamese and Turkish spellings.
const std::map<std::string, std::string>& FoldTable() {
  static const std::map<std::string, std::string> table = [] {
    const std::pair<const char*, const char*> groups[] = {
        {"àáâãäåāăąạảấầẩẫậắằẳẵặ", "a"},
        {"ÀÁÂÃÄÅĀĂĄẠẢẤẦẨẪẬẮẰẲẴẶ", "A"},
        {"çćĉċč", "c"},
        {"ÇĆĈĊČ", "C"},
        {"ďđ", "d"},
        {"ĎĐ", "D"},
        {"èéêëēĕėęěẹẻẽếềểễệ", "e"},
        {"ÈÉÊËĒĔĖĘĚẸẺẼẾỀỂỄỆ", "E"},
        {"ĝğġģ", "g"},
        {"ĜĞĠĢ", "G"},
        {"ìíîïĩīĭįıỉị", "i"},
        {"ÌÍÎÏĨĪĬĮİỈỊ", "I"},
        {"ł", "l"},
        {"Ł", "L"},
        {"ñńņňŉ", "n"},
        {"ÑŃŅŇ", "N"},
        {"òóôõöøōŏőọỏốồổỗộơớờởỡợ", "o"},
        {"ÒÓÔÕÖØŌŎŐỌỎỐỒỔỖỘƠỚỜỞỠỢ", "O"},
        {"śŝşšș", "s"},
        {"ŚŜŞŠȘ", "S"},
        {"ţťțŧ", "t"},
        {"ŢŤȚŦ", "T"},
        {"ùúûüũūŭůűųụủưứừửữự", "u"},
        {"ÙÚÛÜŨŪŬŮŰŲỤỦƯỨỪỬỮỰ", "U"},
        {"ýÿŷỳỵỷỹ", "y"},
        {"ÝŸŶỲỴỶỸ", "Y"},
        {"źżž", "z"},
        {"ŹŻŽ", "Z"},
    };
    std::map<std::string, std::string> t;
    for (const auto& [letters, ascii] : groups) {
      for (const std::string& cp : SplitCodePoints(letters)) t[cp] = ascii;
    }
    return t;
  }();
  return table;
}

// Spelling rules that turn one Latin transliteration into another.
constexpr std::pair<const char*, const char*> kSpellingRules[] = {
    {"ph", "f"}, {"kh", "h"},   {"ou", "u"}, {"ee", "i"}, {"y", "i"},
    {"c", "k"},  {"sh", "sch"}, {"j", "dj"}, {"ie", "i"}, {"ai", "ay"},
};

}  // namespace

std::vector<std::string> SplitCodePoints(std::string_view text) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    size_t length = 1;
    if (lead >= 0xF0) {
      length = 4;
    } else if (lead >= 0xE0) {
      length = 3;
    } else if (lead >= 0xC0) {
      length = 2;
    }
    length = std::min(length, text.size() - i);
    out.emplace_back(text.substr(i, length));
    i += length;
  }
  return out;
}

std::string FoldDiacritics(std::string_view name) {
  const auto& table = FoldTable();
  std::string out;
  out.reserve(name.size());
  for (const std::string& cp : SplitCodePoints(name)) {
    if (cp.size() == 1) {
      out += cp;
      continue;
    }
    const auto it = table.find(cp);
    out += it == table.end() ? cp : it->second;
  }
  return out;
}

NamePools::NamePools() {
  for (const CountryText& text : kCountries) {
    Country country;
    country.code = text.code;
    country.alpha3 = text.alpha3;
    country.name_nl = text.name_nl;
    country.name_en = text.name_en;
    country.female = ParsePool(text.female);
    country.male = ParsePool(text.male);
    country.family = ParsePool(text.family);
    country.feminine_family_rule = text.feminine_family_rule;
    countries_.push_back(std::move(country));
  }
}

const NamePools& NamePools::Get() {
  static const NamePools pools;
  return pools;
}

std::optional<std::size_t> NamePools::IndexOf(std::string_view code) const {
  for (size_t i = 0; i < countries_.size(); ++i) {
    if (countries_[i].code == code) return i;
  }
  return std::nullopt;
}

std::string NamePools::FamilyNameFor(std::size_t country, std::size_t family, bool female) const {
  const Country& c = countries_.at(country);
  std::string name = c.family.names.at(family);
  if (!female) return name;
  if (c.feminine_family_rule == "slavic_ski") {
    for (const char* ending : {"ski", "cki", "dzki"}) {
      if (EndsWith(name, ending)) {
        name.back() = 'a';
        return name;
      }
    }
  } else if (c.feminine_family_rule == "slavic_ov") {
    if (EndsWith(name, "ov") || EndsWith(name, "ev") || EndsWith(name, "in")) name += 'a';
  }
  return name;
}

std::optional<std::string> NamePools::NicknameOf(std::string_view given, Rng& rng) const {
  std::vector<const char*> options;
  for (const auto& [full, nick] : kNicknames) {
    if (given == full) options.push_back(nick);
  }
  if (options.empty()) return std::nullopt;
  return std::string(options[rng.Below(options.size())]);
}

std::optional<std::string> NamePools::TransliterationOf(std::string_view name, Rng& rng) const {
  for (const char* group : kVariantGroups) {
    const auto members = SplitList(group);
    if (std::find(members.begin(), members.end(), name) == members.end()) continue;
    std::vector<std::string> others;
    for (const auto& m : members) {
      if (m != name) others.push_back(m);
    }
    return others[rng.Below(others.size())];
  }
  std::string folded = FoldDiacritics(name);
  if (folded != name) return folded;
  // Otherwise one spelling rule that applies, at a place where it applies.
  std::vector<std::pair<size_t, size_t>> applicable;  // (rule, position)
  for (size_t r = 0; r < std::size(kSpellingRules); ++r) {
    const std::string_view from = kSpellingRules[r].first;
    for (size_t pos = name.find(from, 1); pos != std::string_view::npos;
         pos = name.find(from, pos + 1)) {
      applicable.emplace_back(r, pos);
    }
  }
  if (applicable.empty()) return std::nullopt;
  const auto [rule, pos] = applicable[rng.Below(applicable.size())];
  std::string out(name);
  out.replace(pos, std::string_view(kSpellingRules[rule].first).size(),
              kSpellingRules[rule].second);
  return out;
}

}  // namespace zicht::simulate
