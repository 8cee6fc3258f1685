namespace Interop.Registry.Quality;

/// <summary>
/// Common Cambodian names for the synthetic population: the Khmer spelling and the romanizations met in registers
/// (the first is the usual one). Illustrative, not a census: enough variety to make matching honest.
/// </summary>
internal static class KhmerNames
{
    public static readonly (string Khmer, string[] Latin)[] Family =
    [
        ("សុខ", ["SOK", "SOKH"]), ("ចាន់", ["CHAN", "CHANN"]), ("គឹម", ["KIM", "KEM"]), ("ហេង", ["HENG"]), ("លី", ["LY", "LI", "LEE"]),
        ("ម៉ៅ", ["MAO", "MAU"]), ("សៅ", ["SAO", "SAU"]), ("ឈុន", ["CHHUN", "CHUN"]), ("កែវ", ["KEO", "KAEV", "KEV"]), ("ស៊ុន", ["SUN", "SON"]),
        ("ញឹម", ["NHIM", "NHEM"]), ("ពៅ", ["POV", "PEOU"]), ("ជា", ["CHEA", "CHIA"]), ("អ៊ុក", ["OUK", "UK"]), ("ទេព", ["TEP"]),
        ("ហ៊ុន", ["HUN", "HUON"]), ("សេង", ["SENG"]), ("ម៉ម", ["MOM", "MAM"]), ("យឹម", ["YIM", "YEM"]), ("ប៊ុន", ["BUN", "BUNN"]),
        ("នួន", ["NUON", "NOUN"]), ("ព្រំ", ["PROM", "PRUM"]), ("ឡុង", ["LONG"]), ("ខៀវ", ["KHIEV", "KHIEU"]), ("ឈឹម", ["CHHIM", "CHIM"]),
        ("សួន", ["SUON", "SUORN"]), ("ធី", ["THY", "THI"]), ("អ៊ិន", ["IN", "INN"]), ("ម៉េង", ["MENG"]), ("វង់", ["VONG", "VORNG"]),
        ("ឡាយ", ["LAY", "LAI"]), ("ប៉ែន", ["PEN", "PAEN"]), ("ស៊ិន", ["SIN", "SINN"]), ("ឃឹម", ["KHIM", "KHEM"]), ("រស់", ["ROS", "RUOS"]),
        ("តាំង", ["TANG", "TAING"]), ("ហុក", ["HOK"]), ("អ៊ឹង", ["ENG", "UNG"]), ("ពេជ្រ", ["PICH", "PECH"]), ("ស្រេង", ["SRENG"]),
    ];

    public static readonly (string Khmer, string[] Latin)[] Male =
    [
        ("សុវណ្ណ", ["SOVANN", "SOVAN", "SOVANNA"]), ("ដារា", ["DARA", "DARRA"]), ("វណ្ណា", ["VANNA", "VANA"]), ("សុខា", ["SOKHA", "SOKHAR"]),
        ("រតនា", ["RATANA", "RATTANA", "RATHANA"]), ("សំណាង", ["SAMNANG"]), ("វិចិត្រ", ["VICHET", "VICHETH"]), ("សុផល", ["SOPHAL", "SOPHALL"]),
        ("រដ្ឋា", ["RATHA", "RADTHA"]), ("និមល", ["NIMOL", "NIMUL"]), ("ភក្តី", ["PHEAKDEY", "PHEAKDEI", "PHEAKDY"]), ("វាសនា", ["VEASNA", "VIASNA"]),
        ("ពិសិដ្ឋ", ["PISETH", "PISET"]), ("បូរ៉ា", ["BORA", "BORRA"]), ("វុទ្ធី", ["VUTHY", "VUTHI", "VOUTHY"]), ("ឧត្តម", ["OUDOM", "UDOM"]),
        ("សុជាតិ", ["SOCHEAT", "SOCHEATH"]), ("ចាន់ថា", ["CHANTHA", "CHANTHAR"]), ("ម៉េងហុង", ["MENGHONG", "MENG HONG"]), ("សារឿន", ["SAROEUN", "SAROEURN"]),
        ("ប៊ុនថន", ["BUNTHAN", "BUNTHORN"]), ("ស៊ីថា", ["SITHA", "SYTHA"]), ("វិសាល", ["VISAL", "VISSAL"]), ("ពិសាល", ["PISAL"]),
        ("សុភ័ក្រ", ["SOPHEAK", "SOPHEAKH"]), ("រិទ្ធី", ["RITHY", "RITHI"]), ("សុធា", ["SOTHEA", "SOTHIA"]), ("ធារ៉ា", ["THEARA", "THIARA"]),
        ("កុសល", ["KOSAL", "KOSALL"]), ("សុខុម", ["SOKHOM"]), ("ម៉ានិត", ["MANITH", "MANIT"]), ("ពន្លក", ["PONLOK", "PONLORK"]),
        ("សម្បត្តិ", ["SAMBATH", "SAMBAT"]), ("វឌ្ឍនា", ["VATHANA", "VATTANA"]), ("ហ៊ុយ", ["HUY", "HUOY"]), ("លីហួរ", ["LIHOUR", "LYHOUR"]),
        ("ស៊ាងលី", ["SEANGLY", "SEANG LY"]), ("តុលា", ["TOLA", "TOLAH"]), ("ចំរើន", ["CHAMROEUN", "CHAMREUN"]), ("សុខេង", ["SOKHENG"]),
    ];

    public static readonly (string Khmer, string[] Latin)[] Female =
    [
        ("សុភា", ["SOPHEA", "SOPHIA"]), ("ស្រីពៅ", ["SREYPOV", "SREY POV", "SREIPOV"]), ("បុប្ផា", ["BOPHA", "BOPPHA"]), ("ពិសី", ["PISEY", "PISEI"]),
        ("ស្រីនិច", ["SREYNICH", "SREY NICH"]), ("ធារី", ["THEARY", "THIARY"]), ("សុភាព", ["SOPHEAP", "SOPHIAP"]), ("ផល្លា", ["PHALLA", "PHALA"]),
        ("កញ្ញា", ["KANHA", "KANHHA"]), ("ម៉ាលី", ["MEALY", "MALY"]), ("ចិន្តា", ["CHENDA", "CHINDA"]), ("ស្រីលក្ខណ៍", ["SREYLEAK", "SREY LEAK"]),
        ("រចនា", ["RACHANA", "RACHNA"]), ("សុគន្ធា", ["SOKUNTHEA", "SOKUNTHIA"]), ("ដាលីន", ["DALIN", "DALINE"]), ("សុវណ្ណារី", ["SOVANNARY", "SOVANARY"]),
        ("លីដា", ["LIDA", "LYDA"]), ("នារី", ["NEARY", "NIARY"]), ("ស្រីម៉ុម", ["SREYMOM", "SREY MOM"]), ("ច័ន្ទរ៉ា", ["CHANRA", "CHANNRA"]),
        ("សុខលី", ["SOKLY", "SOKLI"]), ("មករា", ["MAKARA", "MAKKARA"]), ("ស្រីនាង", ["SREYNEANG", "SREY NEANG"]), ("វិច្ឆិកា", ["VICHHIKA", "VICHIKA"]),
        ("រស្មី", ["RASMEY", "RASMEI"]), ("ស៊ីណាត", ["SINATH", "SYNATH"]), ("ម៉ារ៉ា", ["MARA"]), ("ធីតា", ["THIDA", "THYDA"]),
        ("សុធាវី", ["SOTHEAVY", "SOTHIAVY"]), ("គន្ធា", ["KUNTHEA", "KUNTHIA"]), ("ចាន់ណា", ["CHANNA", "CHANA"]), ("ស្រីតូច", ["SREYTOCH", "SREY TOCH"]),
        ("វណ្ណី", ["VANNY", "VANNI"]), ("ម៉ូលីកា", ["MOLIKA", "MOLIKKA"]), ("សុម៉ាលី", ["SOMALY", "SOMALI"]), ("ដាវី", ["DAVY", "DAVI"]),
        ("សុខុន", ["SOKHORN", "SOKHON"]), ("ចរិយា", ["CHARIYA", "CHARYA"]), ("សុខនី", ["SOKHNY", "SOKNY"]), ("ស្រីអូន", ["SREYOUN", "SREY OUN"]),
    ];
}
