"""The demo partnerships as data: South Worcestershire (the Worcester pilot) and North Worcestershire.

Partner lists follow the Safer Worcester member list and the North Worcestershire CSP's districts.
"""

from typing import Any

from joinedup.partners.models import GroupKind, OrganisationKind, Role

K = OrganisationKind
SOUTH, NORTH = "south-worcestershire", "north-worcestershire"

PARTNERSHIPS: list[dict[str, Any]] = [
    {
        "slug": SOUTH,
        "name": "South Worcestershire Community Safety Partnership",
        "short_name": "South Worcestershire CSP",
        "description": "Worcester City, Malvern Hills and Wychavon working together, with Safer Worcester "
        "as the city's partnership.",
        "districts": [("E07000237", "Worcester"), ("E07000235", "Malvern Hills"), ("E07000238", "Wychavon")],
    },
    {
        "slug": NORTH,
        "name": "North Worcestershire Community Safety Partnership",
        "short_name": "North Worcestershire CSP",
        "description": "Bromsgrove, Redditch and Wyre Forest working together.",
        "districts": [("E07000234", "Bromsgrove"), ("E07000236", "Redditch"), ("E07000239", "Wyre Forest")],
    },
]

BOTH = (SOUTH, NORTH)

# (name, short name, kind, partnerships, teams)
ORGANISATIONS = [
    (
        "West Mercia Police",
        "Police",
        K.RESPONSIBLE_AUTHORITY,
        BOTH,
        [
            "Worcester Safer Neighbourhood Team",
            "North Worcestershire Safer Neighbourhood Team",
            "Intelligence and Analysis",
        ],
    ),
    ("Worcestershire County Council", "County Council", K.RESPONSIBLE_AUTHORITY, BOTH, ["Community Safety"]),
    ("Hereford & Worcester Fire and Rescue Service", "Fire and Rescue", K.RESPONSIBLE_AUTHORITY, BOTH, []),
    ("NHS Herefordshire and Worcestershire Integrated Care Board", "NHS", K.RESPONSIBLE_AUTHORITY, BOTH, []),
    ("Probation Service (West Mercia)", "Probation", K.RESPONSIBLE_AUTHORITY, BOTH, []),
    ("West Mercia Police and Crime Commissioner", "PCC", K.CO_OPTED, BOTH, []),
    (
        "Worcester City Council",
        "City Council",
        K.RESPONSIBLE_AUTHORITY,
        (SOUTH,),
        ["Community Safety", "Environmental Enforcement", "Licensing"],
    ),
    ("Malvern Hills District Council", "Malvern Hills DC", K.RESPONSIBLE_AUTHORITY, (SOUTH,), []),
    ("Wychavon District Council", "Wychavon DC", K.RESPONSIBLE_AUTHORITY, (SOUTH,), []),
    ("Platform Housing Group", "Platform Housing", K.HOUSING, (SOUTH,), ["Tenancy Enforcement"]),
    ("Worcester Street Pastors", "Street Pastors", K.VOLUNTARY, (SOUTH,), []),
    ("Worcester Community Trust", "", K.VOLUNTARY, (SOUTH,), []),
    ("Victim Support", "", K.VOLUNTARY, BOTH, []),
    ("University of Worcester", "University", K.EDUCATION, (SOUTH,), []),
    ("Worcester Business Improvement District", "Worcester BID", K.BUSINESS, (SOUTH,), []),
    ("Crowngate Shopping Centre", "Crowngate", K.BUSINESS, (SOUTH,), []),
    ("St Paul's Hostel", "", K.VOLUNTARY, (SOUTH,), []),
    ("YSS", "", K.VOLUNTARY, BOTH, []),
    ("Cranstoun", "", K.VOLUNTARY, BOTH, []),
    ("Maggs Day Centre", "", K.VOLUNTARY, (SOUTH,), []),
    ("West Mercia Women's Aid", "Women's Aid", K.VOLUNTARY, BOTH, []),
    ("Bromsgrove District Council", "Bromsgrove DC", K.RESPONSIBLE_AUTHORITY, (NORTH,), ["Community Safety"]),
    ("Redditch Borough Council", "Redditch BC", K.RESPONSIBLE_AUTHORITY, (NORTH,), ["Community Safety"]),
    ("Wyre Forest District Council", "Wyre Forest DC", K.RESPONSIBLE_AUTHORITY, (NORTH,), []),
    ("Bromsgrove District Housing Trust", "bdht", K.HOUSING, (NORTH,), []),
    ("Community Housing Group", "", K.HOUSING, (NORTH,), []),
]

SOUTH_CORE = [
    "West Mercia Police",
    "Worcester City Council",
    "Worcestershire County Council",
    "Hereford & Worcester Fire and Rescue Service",
    "NHS Herefordshire and Worcestershire Integrated Care Board",
    "Probation Service (West Mercia)",
]
NORTH_CORE = [
    "West Mercia Police",
    "Bromsgrove District Council",
    "Redditch Borough Council",
    "Wyre Forest District Council",
    "Worcestershire County Council",
    "Hereford & Worcester Fire and Rescue Service",
]

# (key, parent key, partnership, name, kind, meets, chair, members)
GROUPS = [
    (
        "board",
        None,
        None,
        "Worcestershire Safer Communities Board",
        GroupKind.BOARD,
        "every quarter",
        "Worcestershire County Council",
        ["West Mercia Police", "Worcestershire County Council", "West Mercia Police and Crime Commissioner"],
    ),
    (
        "swcsp",
        "board",
        SOUTH,
        "South Worcestershire Community Safety Partnership",
        GroupKind.PARTNERSHIP,
        "every quarter",
        "Wychavon District Council",
        [*SOUTH_CORE, "Malvern Hills District Council", "Wychavon District Council"],
    ),
    (
        "safer-worcester",
        "swcsp",
        SOUTH,
        "Safer Worcester",
        GroupKind.DISTRICT,
        "every two months",
        "Worcester City Council",
        [
            *SOUTH_CORE,
            "Platform Housing Group",
            "Worcester Street Pastors",
            "Worcester Community Trust",
            "Victim Support",
            "University of Worcester",
            "Worcester Business Improvement District",
            "Crowngate Shopping Centre",
            "St Paul's Hostel",
            "YSS",
            "Cranstoun",
            "Maggs Day Centre",
            "West Mercia Women's Aid",
        ],
    ),
    (
        "matg",
        "safer-worcester",
        SOUTH,
        "Worcester City Multi-Agency Tactical Group",
        GroupKind.TASKING,
        "every month",
        "West Mercia Police",
        [*SOUTH_CORE, "Platform Housing Group", "St Paul's Hostel", "Cranstoun", "Maggs Day Centre"],
    ),
    (
        "socfg",
        "safer-worcester",
        SOUTH,
        "Serious Organised Crime Focus Group",
        GroupKind.FOCUS,
        "every two months",
        "West Mercia Police",
        [
            "West Mercia Police",
            "Worcester City Council",
            "Platform Housing Group",
            "Probation Service (West Mercia)",
            "Cranstoun",
        ],
    ),
    (
        "hate",
        "safer-worcester",
        SOUTH,
        "South Worcestershire Hate Crime Partnership",
        GroupKind.FOCUS,
        "every quarter",
        "Worcester City Council",
        [
            "West Mercia Police",
            "Worcester City Council",
            "Victim Support",
            "University of Worcester",
            "Worcester Community Trust",
        ],
    ),
    (
        "nwcsp",
        "board",
        NORTH,
        "North Worcestershire Community Safety Partnership",
        GroupKind.PARTNERSHIP,
        "every quarter",
        "Bromsgrove District Council",
        NORTH_CORE,
    ),
    (
        "safer-bromsgrove",
        "nwcsp",
        NORTH,
        "Safer Bromsgrove",
        GroupKind.DISTRICT,
        "every two months",
        "Bromsgrove District Council",
        ["West Mercia Police", "Bromsgrove District Council", "Bromsgrove District Housing Trust"],
    ),
    (
        "safer-redditch",
        "nwcsp",
        NORTH,
        "Safer Redditch",
        GroupKind.DISTRICT,
        "every two months",
        "Redditch Borough Council",
        ["West Mercia Police", "Redditch Borough Council", "YSS"],
    ),
    (
        "safer-wyre-forest",
        "nwcsp",
        NORTH,
        "Safer Wyre Forest",
        GroupKind.DISTRICT,
        "every two months",
        "Wyre Forest District Council",
        ["West Mercia Police", "Wyre Forest District Council", "Community Housing Group"],
    ),
]

DEMO_PASSWORD = "safer-together-demo"  # noqa: S105 - demo data only, printed by `joinedup demo`

# (email, name, job title, organisation, team, role, partnerships)
PEOPLE = [
    (
        "coordinator@worcester.example.org",
        "Priya Shah",
        "Community Safety Coordinator",
        "Worcester City Council",
        "Community Safety",
        Role.COORDINATOR,
        (SOUTH,),
    ),
    (
        "enforcement@worcester.example.org",
        "Tom Evans",
        "Environmental Enforcement Officer",
        "Worcester City Council",
        "Environmental Enforcement",
        Role.OFFICER,
        (SOUTH,),
    ),
    (
        "pcso@westmercia.example.org",
        "Jade Morris",
        "Police Community Support Officer",
        "West Mercia Police",
        "Worcester Safer Neighbourhood Team",
        Role.OFFICER,
        (SOUTH,),
    ),
    (
        "analyst@westmercia.example.org",
        "Ben Clarke",
        "Crime and Intelligence Analyst",
        "West Mercia Police",
        "Intelligence and Analysis",
        Role.ANALYST,
        BOTH,
    ),
    (
        "housing@platform.example.org",
        "Aisha Begum",
        "Neighbourhood Manager",
        "Platform Housing Group",
        "Tenancy Enforcement",
        Role.MANAGER,
        (SOUTH,),
    ),
    (
        "councillor@worcester.example.org",
        "Cllr Margaret Hill",
        "Ward Councillor, Cathedral",
        "Worcester City Council",
        None,
        Role.COUNCILLOR,
        (SOUTH,),
    ),
    (
        "admin@worcester.example.org",
        "Owen Price",
        "Systems Administrator",
        "Worcester City Council",
        None,
        Role.ADMINISTRATOR,
        (SOUTH,),
    ),
    (
        "coordinator@bromsgrove.example.org",
        "Rachel Green",
        "Community Safety Manager",
        "Bromsgrove District Council",
        "Community Safety",
        Role.COORDINATOR,
        (NORTH,),
    ),
    (
        "officer@redditch.example.org",
        "Daniel Hughes",
        "Community Safety Officer",
        "Redditch Borough Council",
        "Community Safety",
        Role.OFFICER,
        (NORTH,),
    ),
    (
        "pcso.north@westmercia.example.org",
        "Liam Walsh",
        "Police Community Support Officer",
        "West Mercia Police",
        "North Worcestershire Safer Neighbourhood Team",
        Role.OFFICER,
        (NORTH,),
    ),
]

DATA_CLASSES = [
    ("asb-case", "ASB case data", "Incidents, actions and outcomes of anti-social behaviour cases.", False),
    ("victim-personal", "Personal data of victims and witnesses", "Names, contact details and needs.", False),
    (
        "offender-personal",
        "Personal data of alleged perpetrators",
        "Identity and history of people causing harm.",
        False,
    ),
    (
        "special-category",
        "Special category data",
        "Health, ethnicity, religion, sexuality (UK GDPR Article 9).",
        True,
    ),
    (
        "criminal-offence",
        "Criminal offence data",
        "Allegations, proceedings and convictions (UK GDPR Article 10).",
        True,
    ),
    (
        "aggregate",
        "Aggregate and anonymised data",
        "Counts, maps and trends with no person identifiable.",
        False,
    ),
]

LAWFUL_BASIS = "UK GDPR Article 6(1)(e) public task; Data Protection Act 2018 Schedule 1 conditions"

# (partnership, reference, title, purpose, data classes, signatories, starts days ago, review in days)
AGREEMENTS = [
    (
        SOUTH,
        "SWCSP-ISA-01",
        "Community safety and anti-social behaviour",
        "Sharing information about anti-social behaviour, its victims and perpetrators so that partners can "
        "agree and deliver a joined-up response.",
        ["asb-case", "victim-personal", "offender-personal", "aggregate"],
        [*SOUTH_CORE, "Platform Housing Group"],
        600,
        180,
    ),
    (
        SOUTH,
        "SWCSP-ISA-02",
        "Vulnerable people and safeguarding",
        "Sharing information about vulnerable victims, including health needs, to protect them from harm.",
        ["victim-personal", "special-category"],
        [
            "West Mercia Police",
            "Worcester City Council",
            "NHS Herefordshire and Worcestershire Integrated Care Board",
            "West Mercia Women's Aid",
        ],
        800,
        -45,
    ),
    (
        NORTH,
        "NWCSP-ISA-01",
        "North Worcestershire community safety",
        "Sharing information about anti-social behaviour and crime across the North Worcestershire "
        "districts.",
        ["asb-case", "victim-personal", "aggregate"],
        NORTH_CORE,
        300,
        65,
    ),
]

# A custom patch the Safer Worcester partners use for the night-time economy.
CITY_CENTRE = {
    "type": "Polygon",
    "coordinates": [
        [
            [-2.2285, 52.1985],
            [-2.2195, 52.2010],
            [-2.2120, 52.1975],
            [-2.2125, 52.1890],
            [-2.2210, 52.1860],
            [-2.2290, 52.1905],
            [-2.2285, 52.1985],
        ]
    ],
}
