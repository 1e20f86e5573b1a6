//! Static tables about people and places: first and last names, departments with job
//! titles, the ~25 home cities (coordinates, time zone, ISP ranges), travel/attack and
//! datacenter locations, and guest home organisations.

/// A place a sign-in can come from.
#[derive(Debug, Clone, Copy)]
pub struct City {
    /// City name as Graph reports it.
    pub name: &'static str,
    /// State or region name.
    pub state: &'static str,
    /// Two-letter country code.
    pub country: &'static str,
    /// Latitude in degrees.
    pub lat: f64,
    /// Longitude in degrees.
    pub lon: f64,
    /// Standard-time UTC offset in minutes (no daylight saving: a documented simplification).
    pub utc_offset_min: i64,
    /// Named-network label used in `networkLocationDetails`.
    pub region: &'static str,
    /// First two octets of the residential ISP range used for home IPv4 addresses.
    pub isp: [u8; 2],
    /// Corporate office egress /24, when Contoso has an office there.
    pub office: Option<[u8; 3]>,
    /// Autonomous system number of the ISP.
    pub asn: i64,
    /// Telephone country code (masked phone numbers in MFA details).
    pub phone: &'static str,
    /// Relative share of employees living there.
    pub weight: u32,
}

#[allow(clippy::too_many_arguments)] // reason: a table-row constructor; named fields would triple the table
const fn city(
    name: &'static str,
    state: &'static str,
    country: &'static str,
    lat: f64,
    lon: f64,
    utc_offset_min: i64,
    region: &'static str,
    isp: [u8; 2],
    office: Option<[u8; 3]>,
    asn: i64,
    phone: &'static str,
    weight: u32,
) -> City {
    City { name, state, country, lat, lon, utc_offset_min, region, isp, office, asn, phone, weight }
}

const NA: &str = "North America";
const EU: &str = "Europe";
const APAC: &str = "Asia Pacific";
const LATAM: &str = "Latin America";
const MEA: &str = "Middle East";

/// Home cities of Contoso employees.
pub const CITIES: &[City] = &[
    city("Redmond", "Washington", "US", 47.674, -122.1215, -480, NA, [73, 53], Some([131, 107, 159]), 7922, "1", 45),
    city("Seattle", "Washington", "US", 47.6062, -122.3321, -480, NA, [67, 183], Some([50, 35, 72]), 7922, "1", 30),
    city("San Francisco", "California", "US", 37.7749, -122.4194, -480, NA, [98, 207], None, 7922, "1", 15),
    city("Austin", "Texas", "US", 30.2672, -97.7431, -360, NA, [70, 113], None, 11427, "1", 10),
    city("Chicago", "Illinois", "US", 41.8781, -87.6298, -360, NA, [73, 110], None, 7922, "1", 10),
    city("New York", "New York", "US", 40.7128, -74.006, -300, NA, [68, 174], Some([64, 124, 33]), 12271, "1", 25),
    city("Boston", "Massachusetts", "US", 42.3601, -71.0589, -300, NA, [73, 38], None, 7922, "1", 8),
    city("Atlanta", "Georgia", "US", 33.749, -84.388, -300, NA, [24, 99], None, 7018, "1", 8),
    city("Toronto", "Ontario", "CA", 43.6532, -79.3832, -300, NA, [99, 230], None, 812, "1", 10),
    city("Mexico City", "Ciudad de Mexico", "MX", 19.4326, -99.1332, -360, LATAM, [189, 203], None, 8151, "52", 5),
    city("Sao Paulo", "Sao Paulo", "BR", -23.5505, -46.6333, -180, LATAM, [177, 92], None, 26599, "55", 8),
    city("London", "England", "GB", 51.5074, -0.1278, 0, EU, [81, 2], Some([195, 171, 42]), 2856, "44", 25),
    city("Dublin", "Dublin", "IE", 53.3498, -6.2603, 0, EU, [89, 101], None, 5466, "353", 6),
    city("Amsterdam", "Noord-Holland", "NL", 52.3676, 4.9041, 60, EU, [145, 53], Some([145, 131, 6]), 1136, "31", 10),
    city("Paris", "Ile-de-France", "FR", 48.8566, 2.3522, 60, EU, [90, 84], None, 3215, "33", 8),
    city("Berlin", "Berlin", "DE", 52.52, 13.405, 60, EU, [91, 64], Some([141, 20, 38]), 3320, "49", 10),
    city("Munich", "Bayern", "DE", 48.1351, 11.582, 60, EU, [93, 104], None, 3320, "49", 5),
    city("Madrid", "Madrid", "ES", 40.4168, -3.7038, 60, EU, [83, 44], None, 3352, "34", 5),
    city("Stockholm", "Stockholms Lan", "SE", 59.3293, 18.0686, 60, EU, [83, 248], None, 3301, "46", 4),
    city("Warsaw", "Mazowieckie", "PL", 52.2297, 21.0122, 60, EU, [83, 24], None, 5617, "48", 4),
    city("Zurich", "Zurich", "CH", 47.3769, 8.5417, 60, EU, [85, 1], None, 3303, "41", 4),
    city("Dubai", "Dubai", "AE", 25.2048, 55.2708, 240, MEA, [94, 200], None, 5384, "971", 4),
    city("Bangalore", "Karnataka", "IN", 12.9716, 77.5946, 330, APAC, [49, 207], Some([14, 143, 87]), 24560, "91", 20),
    city("Singapore", "Singapore", "SG", 1.3521, 103.8198, 480, APAC, [116, 15], None, 7473, "65", 6),
    city("Tokyo", "Tokyo", "JP", 35.6762, 139.6503, 540, APAC, [126, 15], Some([61, 206, 118]), 2516, "81", 8),
    city("Sydney", "New South Wales", "AU", -33.8688, 151.2093, 600, APAC, [1, 144], Some([203, 2, 218]), 1221, "61", 8),
];

/// Places that only appear in suspicious sign-ins (impossible travel, spray, anonymisers).
pub const ATTACK_CITIES: &[City] = &[
    city("Lagos", "Lagos", "NG", 6.5244, 3.3792, 60, "Africa", [102, 89], None, 36873, "234", 1),
    city("Moscow", "Moscow", "RU", 55.7558, 37.6173, 180, EU, [95, 165], None, 12389, "7", 1),
    city("Frankfurt am Main", "Hessen", "DE", 50.1109, 8.6821, 60, EU, [185, 220], None, 60729, "49", 1),
    city("Bucharest", "Bucuresti", "RO", 44.4268, 26.1025, 120, EU, [193, 142], None, 9009, "40", 1),
    city("Hanoi", "Ha Noi", "VN", 21.0278, 105.8342, 420, APAC, [113, 190], None, 45899, "84", 1),
];

/// Azure / CI datacenter locations for service-principal and managed-identity sign-ins,
/// with a public Azure-style /16.
pub const DATACENTERS: &[City] = &[
    city("Quincy", "Washington", "US", 47.2343, -119.8526, -480, NA, [20, 42], None, 8075, "1", 1),
    city("Boydton", "Virginia", "US", 36.6676, -78.3875, -300, NA, [52, 168], None, 8075, "1", 1),
    city("Des Moines", "Iowa", "US", 41.5868, -93.625, -360, NA, [40, 78], None, 8075, "1", 1),
    city("Amsterdam", "Noord-Holland", "NL", 52.3676, 4.9041, 60, EU, [13, 69], None, 8075, "31", 1),
];

/// Guest users' home organisations: (display name, domain).
pub const GUEST_ORGS: &[(&str, &str)] = &[
    ("Fabrikam", "fabrikam.com"),
    ("Northwind Traders", "northwindtraders.com"),
    ("Adatum", "adatum.com"),
    ("Tailspin Toys", "tailspintoys.com"),
    ("Woodgrove Bank", "woodgrovebank.com"),
    ("Litware", "litware.com"),
];

/// A department, its relative size and its job titles.
#[derive(Debug, Clone, Copy)]
pub struct Department {
    /// Department name.
    pub name: &'static str,
    /// Relative headcount.
    pub weight: u32,
    /// Job titles found there.
    pub titles: &'static [&'static str],
}

/// Contoso's departments.
pub const DEPARTMENTS: &[Department] = &[
    Department {
        name: "Engineering",
        weight: 30,
        titles: &[
            "Software Engineer",
            "Senior Software Engineer",
            "Principal Software Engineer",
            "Engineering Manager",
            "Site Reliability Engineer",
            "QA Engineer",
        ],
    },
    Department {
        name: "Sales",
        weight: 16,
        titles: &["Account Executive", "Sales Manager", "Sales Development Representative", "Solutions Consultant"],
    },
    Department {
        name: "Marketing",
        weight: 8,
        titles: &["Marketing Specialist", "Content Strategist", "Product Marketing Manager", "Designer"],
    },
    Department {
        name: "Finance",
        weight: 7,
        titles: &["Financial Analyst", "Controller", "Accounts Payable Specialist", "Payroll Specialist"],
    },
    Department {
        name: "Human Resources",
        weight: 5,
        titles: &["HR Business Partner", "Recruiter", "People Operations Specialist"],
    },
    Department {
        name: "IT",
        weight: 6,
        titles: &["Systems Administrator", "IT Support Specialist", "Security Engineer", "Identity Architect"],
    },
    Department {
        name: "Customer Support",
        weight: 10,
        titles: &["Support Engineer", "Customer Success Manager", "Support Team Lead"],
    },
    Department {
        name: "Operations",
        weight: 6,
        titles: &["Operations Analyst", "Program Manager", "Facilities Coordinator"],
    },
    Department {
        name: "Product Management",
        weight: 6,
        titles: &["Product Manager", "Senior Product Manager", "UX Researcher"],
    },
    Department { name: "Legal", weight: 3, titles: &["Corporate Counsel", "Paralegal", "Compliance Analyst"] },
];

/// Given names (ASCII so that UPNs need no folding).
pub const FIRST_NAMES: &[&str] = &[
    "Adele", "Alex", "Allan", "Amara", "Amelia", "Ana", "Andre", "Anika", "Arjun", "Ava", "Ben", "Bianca",
    "Brian", "Camila", "Carlos", "Chen", "Chloe", "Christie", "Daniel", "Deepa", "Diego", "Dmitri", "Elena",
    "Elif", "Emily", "Emma", "Ethan", "Fatima", "Felix", "Fiona", "Gabriel", "Grace", "Hana", "Hannah",
    "Henrik", "Hiroshi", "Ibrahim", "Ines", "Isaac", "Isabella", "Ivan", "Jack", "James", "Javier", "Jessica",
    "Joni", "Jorge", "Julia", "Kai", "Karen", "Kenji", "Laura", "Lee", "Leila", "Liam", "Lidia", "Lina",
    "Lucas", "Lynne", "Maria", "Mateo", "Megan", "Mei", "Miguel", "Mia", "Miriam", "Mohammed", "Nadia",
    "Nathan", "Nestor", "Nina", "Noah", "Olivia", "Omar", "Patti", "Pedro", "Pradeep", "Priya", "Rafael",
    "Rahul", "Raj", "Rosa", "Ryan", "Sakura", "Samir", "Sara", "Sebastian", "Sofia", "Sophie", "Stefan",
    "Sven", "Tanvir", "Thomas", "Tomas", "Valentina", "Victor", "Wei", "William", "Yara", "Yuki", "Zainab",
    "Zoe", "Aaron", "Beatriz", "Connor", "Dana", "Erik", "Farah", "Gustavo", "Helena", "Ingrid", "Jonas",
    "Kofi", "Lars", "Marta", "Niamh", "Oscar", "Paula", "Quinn", "Renata",
];

/// Family names.
pub const LAST_NAMES: &[&str] = &[
    "Vance", "Wilber", "Deyoung", "Bowen", "Diaz", "Johnson", "Lidman", "Adams", "Sherwood", "Stewart",
    "Garcia", "Martinez", "Nguyen", "Kim", "Patel", "Sharma", "Gupta", "Chen", "Wang", "Li", "Tanaka",
    "Suzuki", "Sato", "Mueller", "Schmidt", "Schneider", "Fischer", "Weber", "Dubois", "Martin", "Bernard",
    "Rossi", "Russo", "Ferrari", "Silva", "Santos", "Oliveira", "Costa", "Pereira", "Kowalski", "Nowak",
    "Andersson", "Johansson", "Larsen", "Jensen", "Hansen", "Murphy", "Kelly", "OBrien", "Walsh", "Smith",
    "Jones", "Taylor", "Brown", "Williams", "Wilson", "Davies", "Evans", "Thomas", "Roberts", "Walker",
    "Wright", "Thompson", "White", "Harris", "Clark", "Lewis", "Robinson", "Young", "Allen", "King", "Scott",
    "Green", "Baker", "Hill", "Campbell", "Mitchell", "Carter", "Phillips", "Turner", "Parker", "Collins",
    "Edwards", "Morris", "Rogers", "Reed", "Cook", "Morgan", "Bell", "Cooper", "Richardson", "Cox", "Howard",
    "Ward", "Torres", "Peterson", "Gray", "Ramirez", "James", "Watson", "Brooks", "Sanders", "Price",
    "Bennett", "Wood", "Barnes", "Ross", "Henderson", "Coleman", "Jenkins", "Perry", "Powell", "Long",
    "Hughes", "Flores", "Washington", "Butler", "Simmons", "Foster", "Gonzales", "Bryant", "Alexander",
    "Okafor", "Mensah", "Haddad", "Khan", "Rahman", "Hussain", "Yilmaz", "Demir", "Ivanova", "Petrov",
];

/// Corporate device name prefixes by operating system.
pub const DEVICE_PREFIXES: &[(&str, &str)] = &[
    ("Windows 11", "CONTOSO-LT-"),
    ("Windows 10", "CONTOSO-WS-"),
    ("MacOs", "CONTOSO-MBP-"),
    ("Linux", "contoso-dev-"),
];
