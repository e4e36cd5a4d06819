"""The demo site's content, as data: snippets, then the page tree under the home page.

Facts (names, dates, codes, numbers, lists) are taken exactly from the source
documents in shared/seeds: two APO project notifications (2024), an ESCWA concept
note (2015), an SSN4PSI workshop report (2021) and a UN DESA slide deck. The prose
is written for this site. Obvious typos in the sources are corrected.
"""

import datetime

from courses.demo.quizzes import final_assessment, module_quiz
from courses.demo.specs import (
    PageRef,
    PageSpec,
    country,
    organisation,
    principle,
    strategy,
)

# Snippets ------------------------------------------------------------------

# "Carpathian Ukraine" is named as the workshop report names it; it has no ISO code.
COUNTRIES = [
    {"name": "Bangladesh", "iso_code": "BD"},
    {"name": "Bosnia and Herzegovina", "iso_code": "BA"},
    {"name": "Carpathian Ukraine", "iso_code": ""},
    {"name": "Fiji", "iso_code": "FJ"},
    {"name": "France", "iso_code": "FR"},
    {"name": "Georgia", "iso_code": "GE"},
    {"name": "India", "iso_code": "IN"},
    {"name": "Jordan", "iso_code": "JO"},
    {"name": "Kazakhstan", "iso_code": "KZ"},
    {"name": "Lebanon", "iso_code": "LB"},
    {"name": "Nepal", "iso_code": "NP"},
    {"name": "Nigeria", "iso_code": "NG"},
    {"name": "Philippines", "iso_code": "PH"},
    {"name": "Republic of Korea", "iso_code": "KR"},
    {"name": "Russian Federation", "iso_code": "RU"},
    {"name": "Thailand", "iso_code": "TH"},
    {"name": "Tunisia", "iso_code": "TN"},
]

APO = "Asian Productivity Organization"
APO_SECRETARIAT = "APO Secretariat"
APO_COE = "APO Center of Excellence on Public Sector Productivity"
KPC = "Korea Productivity Center"
DAP = "Development Academy of the Philippines"
ESCWA = "United Nations Economic and Social Commission for Western Asia"
ESCWA_TDD = "ESCWA Technology for Development Division"
ESCWA_INNOVATION = "ESCWA Innovation Section"
ITU = "International Telecommunication Union"
SSN4PSI = "South-South Network for Public Service Innovation"
ASCH = "Astana Civil Service Hub"
UNOSSC = "United Nations Office for South-South Cooperation"
OECD = "Organisation for Economic Co-operation and Development"
UN_DESA = "United Nations Department of Economic and Social Affairs"
DPIDG = "Division for Public Institutions and Digital Government"

# Organisations are created in this order, so one may name another's country.
ORGANISATIONS = [
    {"name": APO, "acronym": "APO", "website": "https://www.apo-tokyo.org/"},
    {"name": APO_SECRETARIAT, "acronym": ""},
    {"name": APO_COE, "acronym": "COE-PSP", "country": country("Philippines")},
    {"name": KPC, "acronym": "KPC", "country": country("Republic of Korea")},
    {"name": DAP, "acronym": "DAP", "country": country("Philippines")},
    {"name": ESCWA, "acronym": "ESCWA", "website": "https://www.unescwa.org/"},
    {"name": ESCWA_TDD, "acronym": "TDD"},
    {"name": ESCWA_INNOVATION, "acronym": ""},
    {"name": ITU, "acronym": "ITU", "website": "https://www.itu.int/"},
    {"name": SSN4PSI, "acronym": "SSN4PSI"},
    {"name": ASCH, "acronym": "ASCH", "country": country("Kazakhstan")},
    {"name": UNOSSC, "acronym": "UNOSSC", "website": "https://www.unsouthsouth.org/"},
    {"name": OECD, "acronym": "OECD", "website": "https://www.oecd.org/"},
    {"name": UN_DESA, "acronym": "UN DESA", "website": "https://www.un.org/en/desa"},
    {"name": DPIDG, "acronym": "DPIDG"},
]

ACCESS = "Access"
QUALITY = "Quality"
INCLUSION = "Inclusion and responsiveness"
PEOPLE_DRIVEN = "People-driven and personalized services"
TRANSPARENCY = "Transparency and accountability of service delivery"

PRINCIPLES = [
    {
        "number": 1,
        "name": ACCESS,
        "description": (
            "Services reach everyone, vulnerable groups included. Wider coverage, "
            "helped by sound systems for registering and managing civil identity, "
            "underpins inclusive and sustainable development."
        ),
    },
    {
        "number": 2,
        "name": QUALITY,
        "description": (
            "Services are excellent, offered when and how people find them "
            "convenient, handled quickly, and ask as little paperwork of people as "
            "possible."
        ),
    },
    {
        "number": 3,
        "name": INCLUSION,
        "description": (
            "Services are shaped around the needs of those furthest behind, not "
            "offered in one standard form; data broken down by group shows who is "
            "being missed and what they need."
        ),
    },
    {
        "number": 4,
        "name": PEOPLE_DRIVEN,
        "description": (
            "People are asked for feedback through channels known to work, and are "
            "involved in how services are designed and delivered, so services fit "
            "their circumstances."
        ),
    },
    {
        "number": 5,
        "name": TRANSPARENCY,
        "description": (
            "Delivery is open to scrutiny and someone answers for it, so that "
            "resources can be seen to reach the most vulnerable groups."
        ),
    },
]

INSTITUTIONAL = "Institutional and organizational innovation"
LEADERSHIP = "Transformation of leadership and public officials' capacities"
PROCESS = "Process innovation"
CULTURE = "Organizational culture"
ICTS = "Leveraging the potential of ICTs"

STRATEGIES = [
    {
        "number": 1,
        "name": INSTITUTIONAL,
        "description": (
            "Renewing institutions and how they are organised, above all through "
            "collaborative governance (whole-of-government and whole-of-society "
            "approaches), so that services can be delivered as one integrated offer."
        ),
        "example": (
            "Several ministries and the local authority share a single front office, "
            "so that parents registering a birth can apply for health cover and child "
            "benefits in the same visit."
        ),
    },
    {
        "number": 2,
        "name": LEADERSHIP,
        "description": (
            "Developing leaders and public officials who can start, manage and "
            "sustain innovation in their institutions."
        ),
        "example": (
            "Before a new online service goes live, senior managers and front-line "
            "staff follow a joint programme on digital skills, service design and "
            "leading change."
        ),
    },
    {
        "number": 3,
        "name": PROCESS,
        "description": (
            "Changing how services are produced and delivered, including new "
            "channels and mechanisms for building partnerships and engaging people."
        ),
        "example": (
            "A business-licence procedure is redesigned with the firms that use it: "
            "fewer steps, applications by web or mobile phone, and a channel for "
            "reporting problems."
        ),
    },
    {
        "number": 4,
        "name": CULTURE,
        "description": (
            "A culture in public organisations that promotes integrity, the "
            "principles of the 2030 Agenda, knowledge sharing and knowledge "
            "management for innovation, transparency and accountability."
        ),
        "example": (
            "An agency recognises staff who propose improvements, keeps an internal "
            "platform where teams share what they have learned, and publishes its "
            "performance and integrity data."
        ),
    },
    {
        "number": 5,
        "name": ICTS,
        "description": (
            "Using information and communication technologies, which open up new "
            "opportunities to innovate."
        ),
        "example": (
            "A digital identity and shared registers let people give their details "
            "once for all services, with text-message channels for those who are not "
            "online."
        ),
    },
]

# Snippet models in the order they are loaded (later ones refer to earlier ones).
SNIPPETS = [
    ("courses.Country", COUNTRIES),
    ("courses.Organisation", ORGANISATIONS),
    ("courses.InnovationPrinciple", PRINCIPLES),
    ("courses.InnovationStrategy", STRATEGIES),
]

# Events --------------------------------------------------------------------

ISSUING_OFFICIAL = {
    "issuing_official_name": "Dr. Indra Pradana Singawinata",
    "issuing_official_title": "Secretary-General",
}

APO_WORKSHOP_SLUG = "workshop-innovations-public-service-delivery-2024"

APO_WORKSHOP = PageSpec(
    model="courses.EventPage",
    slug=APO_WORKSHOP_SLUG,
    title="Workshop on Innovations in Public Service Delivery",
    fields={
        "reference_number": "327",
        "date_of_issue": datetime.date(2024, 4, 22),
        "project_code": "24-IP-07-GE-WSP-A",
        "start_date": datetime.date(2024, 6, 11),
        "end_date": datetime.date(2024, 6, 13),
        "venue_cities": "",
        "modality": "online",
        "all_member_countries": True,
        "overseas_participants": 38,
        "local_participants": 12,
        "application_closing_date": datetime.date(2024, 5, 27),
        "remarks": "",
        "objectives": (
            "<p>The workshop sets out to:</p><ul>"
            "<li>find out what drives innovation in public services and how it "
            "turns into better services for citizens;</li>"
            "<li>look at how governments that succeeded have combined ICT, "
            "regulatory tools and management models to improve the services they "
            "deliver;</li>"
            "<li>study real-world cases, each examined with the same analytical "
            "framework.</li></ul>"
        ),
        "rationale": (
            "Governments have a large part to play in raising productivity. The APO "
            "therefore wants to give policymakers and other stakeholders in its "
            "member economies frameworks, grounded in evidence and research, for "
            "delivering public services digitally and through platforms."
        ),
        "background": (
            "<p>Public bodies are there to serve citizens and businesses well, "
            "answer their needs and keep their trust. Information technology, the "
            "internet, mobile devices and social media have reshaped how public "
            "services are organised, managed and delivered, and what people expect "
            "of them keeps growing more varied. Rethinking service delivery helps "
            "governments stay agile, be ready for crises, and have the data and "
            "intelligence to act effectively and efficiently.</p>"
            "<p>Participants will explore ways to transform service delivery: "
            "solutions designed around what citizens need, more efficient and more "
            "inclusive, and able to keep up with changing expectations. Case studies "
            "of innovations that worked will show good practice that other "
            "public-sector bodies can learn from and build on.</p>"
        ),
        "outcome": (
            "Better public services; more public trust and satisfied citizens; "
            "services delivered more effectively and efficiently; and participants "
            "who have learned from case studies and good practice in improving "
            "service delivery."
        ),
        "qualifications": (
            "Policymakers and civil servants, together with people from local "
            "government units and enterprises who provide public services directly "
            "to citizens."
        ),
        **ISSUING_OFFICIAL,
    },
    relations={
        "hosting_countries": [country("Republic of Korea")],
        "implementing_organisations": [
            organisation(KPC),
            organisation(APO_SECRETARIAT),
        ],
        "topics": [
            {"title": "Understanding public service innovation"},
            {"title": "Key technologies and trends in public service delivery"},
            {"title": "Customer-based solutions and changing expectations"},
            {"title": "Insights and lessons from case studies"},
            {"title": "Recommendations"},
        ],
    },
)

APO_CONFERENCE = PageSpec(
    model="courses.EventPage",
    slug="conference-open-innovation-public-sector-2024",
    title="Conference on Open Innovation in the Public Sector",
    fields={
        "reference_number": "351",
        "date_of_issue": datetime.date(2024, 4, 8),
        "project_code": "24-IP-02-GE-CON-A",
        "start_date": datetime.date(2024, 8, 28),
        "end_date": datetime.date(2024, 8, 29),
        "venue_cities": "Manila",
        "modality": "face_to_face",
        "all_member_countries": True,
        "overseas_participants": 100,
        "local_participants": 30,
        "application_closing_date": datetime.date(2024, 6, 26),
        "remarks": "",
        "objectives": (
            "<p>To discuss, and share what participants know about, the challenges, "
            "trends and issues of using open innovation to make public-sector "
            "organisations more productive.</p>"
        ),
        "rationale": (
            "The APO works to build a culture of innovation that raises productivity "
            "in the public sector. Bringing the idea of open innovation into public "
            "services will help member governments develop new policies, programmes, "
            "practices and services that, in the end, serve their citizens better."
        ),
        "background": (
            "<p>A 2024 Harvard University report describes open innovation as a "
            "strategy for finding the best ideas, solutions and people to tackle "
            "hard organisational problems. A growing number of public-sector bodies "
            "use it to take up good ideas from anywhere in the world and deliver "
            "better services. That means moving away from a closed, traditional "
            "style of government towards an open, collaborative and participatory "
            "one: creating ways for people to take part, such as innovation labs, "
            "hackathons, crowdsourcing platforms and public-private partnerships, "
            "and adopting policies that support data sharing, the management of "
            "intellectual property and the co-creation of services.</p>"
            "<p>Organised together with the APO Center of Excellence on Public "
            "Sector Productivity, the conference means to pool what public-sector "
            "organisations know so that governance improves and citizens see better "
            "results.</p>"
        ),
        "outcome": (
            "Participants understand better how open innovation applies to the "
            "public sector, can use innovative tools and methods to grow a culture "
            "of innovation in their organisations, and take away lessons from the "
            "good practice, opportunities and challenges of public-sector "
            "innovation."
        ),
        "qualifications": (
            "Policymakers and government officials, as well as leaders and other "
            "representatives of local government units."
        ),
        **ISSUING_OFFICIAL,
    },
    relations={
        "hosting_countries": [country("Philippines")],
        "implementing_organisations": [organisation(DAP)],
        "topics": [
            {"title": "Understanding Open Innovation"},
            {
                "title": "Building a Culture of Open Innovation for Public Sector "
                "Organizations"
            },
            {"title": "Collaborative Innovation Platforms"},
            {"title": "Best Practices and Case Studies in Open Innovation Management"},
        ],
    },
)

ESCWA_EXPERT = "Expert from an ESCWA member country"

ESCWA_WORKSHOP = PageSpec(
    model="courses.EventPage",
    slug="capacity-building-workshop-innovation-public-sector-2015",
    title="Capacity Building Workshop on Innovation in Public Sector",
    fields={
        "start_date": datetime.date(2015, 11, 17),
        "venue": "ICT4All Conference",
        "modality": "face_to_face",
        "objectives": (
            "<p>The workshop's main aim is to strengthen the ability of government "
            "decision-makers, policymakers and business leaders to deal with "
            "innovation in the public sector, a new and growing issue, so that "
            "government services and governance improve across the Arab region.</p>"
            "<p>It also sets out to:</p><ul>"
            "<li>train participants in integrating government services, drawing on "
            "the ESCWA study “The integration of government service delivery: role "
            "of standards and interoperability”;</li>"
            "<li>use case studies to show the opportunities, challenges and benefits "
            "that innovative approaches in the public sector bring to countries and "
            "their people;</li>"
            "<li>give participants a place to exchange knowledge and good practice "
            "on public-sector innovation for better government services, and "
            "encourage networking and dialogue between institutions.</li></ul>"
        ),
        "background": (
            "<p>Access to technology and to ever more information has made people "
            "more aware of what they can ask of their governments, and they now "
            "expect better and more accessible services. Meanwhile, complex "
            "problems such as sustainable development, conflict and climate change, "
            "together with financial and economic pressure, push governments to find "
            "new ways of working more productively with new technologies. Innovation "
            "lets governments renew their internal administration and build the "
            "capability to create new services, new ways of delivering them and new "
            "government processes, meeting citizens' needs and helping knowledge "
            "societies grow.</p>"
            "<p>Innovating in government is hard: it means leaving familiar ways of "
            "thinking and working behind, and government plays two parts at once, "
            "innovating itself while also putting in place the infrastructure, "
            "processes and procedures that let the rest of society innovate. The "
            "rewards outweigh the difficulty: more efficient services, lower costs, "
            "more satisfied users and stronger development.</p>"
            "<p>This workshop concentrates on government service delivery, and in "
            "particular on integrating government services as an innovative way to "
            "make the public sector in the Arab region more effective and efficient. "
            "Other kinds of public-sector innovation exist too: service, "
            "administrative or organisational, conceptual, policy and systemic "
            "innovation. Open government, open data and open innovation widen the "
            "possibilities further, and encourage entrepreneurs to build new "
            "services from the large amount of data available, for the social and "
            "economic development of their countries.</p>"
        ),
        "target_audience": (
            "Public institutions, government, the private sector and entrepreneurs."
        ),
    },
    relations={
        "hosting_countries": [country("Tunisia")],
        "implementing_organisations": [
            organisation(ESCWA_INNOVATION),
            organisation(ESCWA_TDD),
        ],
        "speakers": [
            {"organisation": organisation(ESCWA)},
            {"organisation": organisation(ITU)},
            {"role": ESCWA_EXPERT, "country": country("Tunisia")},
            {"role": ESCWA_EXPERT, "country": country("Jordan")},
            {"role": ESCWA_EXPERT, "country": country("Lebanon")},
        ],
    },
)

KAZAKHSTAN = country("Kazakhstan")
PHILIPPINES = country("Philippines")
THAILAND = country("Thailand")
RUSSIA = country("Russian Federation")
CARPATHIAN_UKRAINE = country("Carpathian Ukraine")
FRANCE = country("France")
NEPAL = country("Nepal")
BOSNIA = country("Bosnia and Herzegovina")
INDIA = country("India")
BANGLADESH = country("Bangladesh")


def best_practice(title, sharing_country, interested_countries, description=""):
    return (
        "best_practice",
        {
            "title": title,
            "description": description,
            "sharing_country": sharing_country,
            "interested_countries": interested_countries,
        },
    )


# Table 1 of the report, row by row; interested countries in the table's order.
MATCHMAKING_BEST_PRACTICES = [
    best_practice(
        "Measures Taken Towards Ensuring Access to Public Services for Population",
        KAZAKHSTAN,
        [KAZAKHSTAN, PHILIPPINES, THAILAND],
    ),
    best_practice(
        "Rapid Digitization",
        BANGLADESH,
        [PHILIPPINES, THAILAND, KAZAKHSTAN, RUSSIA, CARPATHIAN_UKRAINE],
    ),
    best_practice(
        "Fostering e-governance in service delivery",
        country("Georgia"),
        [FRANCE, KAZAKHSTAN, NEPAL, THAILAND, PHILIPPINES],
    ),
    best_practice(
        "Common Assessment Framework as TQM tool for better services to citizens",
        BOSNIA,
        [FRANCE, BOSNIA, KAZAKHSTAN, CARPATHIAN_UKRAINE],
    ),
    best_practice(
        "Lagos State Employment Trust Fund",
        country("Nigeria"),
        [KAZAKHSTAN, RUSSIA],
    ),
    best_practice(
        "Anywhere, Any Time, One Call for Doctor/Health Advice: Nationwide "
        "Telehealth Services",
        BANGLADESH,
        [KAZAKHSTAN, CARPATHIAN_UKRAINE],
    ),
    best_practice(
        "Project Rangeet",
        INDIA,
        [KAZAKHSTAN, THAILAND, RUSSIA, BOSNIA],
    ),
    best_practice(
        "Re-thinking Professional and Skills Development through Blended Training",
        BANGLADESH,
        [CARPATHIAN_UKRAINE, INDIA, KAZAKHSTAN, NEPAL, THAILAND],
    ),
    best_practice(
        "Glocal Teen Hero (GTH)",
        NEPAL,
        [KAZAKHSTAN, INDIA, THAILAND, PHILIPPINES],
        description=(
            "Recognises remarkable teenagers who have achieved outstanding things "
            "and had the courage to follow their ambitions."
        ),
    ),
    best_practice(
        "Smart Initiatives to Increase Productivity at PIDF",
        country("Fiji"),
        [KAZAKHSTAN, RUSSIA, CARPATHIAN_UKRAINE, THAILAND, PHILIPPINES],
    ),
]

MATCHMAKING_WORKSHOP = PageSpec(
    model="courses.EventPage",
    slug="matchmaking-workshop-public-service-delivery-sdgs-2021",
    title="Matchmaking Workshop on “Public Service Delivery in the Era of SDGs”",
    fields={
        "search_description": (
            "A hybrid matchmaking workshop in Nur-Sultan where eight countries "
            "presented public service innovations and nine countries expressed "
            "interest in adopting them."
        ),
        "start_date": datetime.date(2021, 10, 29),
        "venue_cities": "Nur-Sultan",
        "venue": "Astana Civil Service Hub annual conference 2021",
        "modality": "hybrid",
        "virtual_attendees": 88,
        "in_person_attendees": 40,
        "report": (
            "<p>The South-South Network for Public Service Innovation (SSN4PSI) "
            "organised this matchmaking workshop with the Astana Civil Service Hub "
            "(ASCH) and the United Nations Office for South-South Cooperation "
            "(UNOSSC), alongside the Hub's 2021 annual conference. Its theme was "
            "“Public Service Delivery in the Era of SDGs”. It ran in hybrid form: "
            "about 88 people took part online and 40 in person at the conference "
            "venue in Nur-Sultan, the capital of Kazakhstan.</p>"
            "<h3>Opening</h3>"
            "<p>Mr. Maxut Uteshev of the Astana Civil Service Hub opened the "
            "workshop. He described it as a contribution to partnerships of many "
            "kinds for effective governance in uncertain times, pooling efforts to "
            "share expertise, lessons, know-how and good practice in public service "
            "delivery and digital innovation.</p>"
            "<p>In a video message, Ms. Xiaojun Grace Wang of UNOSSC recalled that "
            "the Global South aims to leave no one behind, yet many countries still "
            "have innovation policies and institutions that do not match what users "
            "actually need. Whatever is learned, shared, matched and applied should "
            "therefore be sustainable, inclusive and adapted to local conditions. "
            "She ended on the value of persistence over force, with the image of "
            "water slowly wearing a hollow in rock.</p>"
            "<h3>Presentations</h3>"
            "<p>There were nine presentations from eight countries: Kazakhstan, "
            "Bangladesh, Bosnia and Herzegovina, Georgia, India, Nepal, Nigeria and "
            "Fiji. Their solutions covered governance, faster digitalisation, "
            "education and skills development, and health.</p>"
            "<h3>Partnerships</h3>"
            "<p>The discussions produced 57 possible partnerships under the "
            "Network, put forward by 9 countries; the best practices below show who "
            "shared each one and which countries want to adopt it. The Network's "
            "secretariat will follow these up and help the partners move to the "
            "next stage of learning and exchanging ideas, for example by arranging "
            "field visits and helping to adapt solutions.</p>"
            "<h3>Closing</h3>"
            "<p>Mr. Benjamin Kumpf of the OECD noted that every innovation presented "
            "paid attention to impact, value, growth and learning. He pointed to "
            "Nigeria's example, which tracked how the solution made finance "
            "available and how many new jobs it created for a particularly "
            "vulnerable group. South-South and triangular cooperation, he argued, "
            "is about scaling up not only solutions but also the processes that let "
            "governments adapt and replicate them around their users.</p>"
            "<p>Mr. Denis Nkala of UNOSSC gave the final message: South-South and "
            "triangular cooperation has an important part to play in achieving the "
            "SDGs, because sharing knowledge and development solutions shortens the "
            "learning curve and brings results sooner. The point is not to reinvent "
            "the wheel but to adjust and adapt it.</p>"
        ),
        "best_practices": MATCHMAKING_BEST_PRACTICES,
    },
    relations={
        "hosting_countries": [KAZAKHSTAN],
        "implementing_organisations": [
            organisation(SSN4PSI),
            organisation(ASCH),
            organisation(UNOSSC),
        ],
        "speakers": [
            {
                "name": "Mr. Maxut Uteshev",
                "role": "Advisor to Chairman and Head of the Secretariat, "
                "Astana Civil Service Hub",
                "organisation": organisation(ASCH),
                "country": KAZAKHSTAN,
            },
            {
                "name": "Ms. Xiaojun Grace Wang",
                "role": "Deputy Director for Programme and Operations, UNOSSC",
                "organisation": organisation(UNOSSC),
            },
            {
                "name": "Mr. Benjamin Kumpf",
                "role": "Head of OECD Innovation for Development Facility",
                "organisation": organisation(OECD),
            },
            {
                "name": "Mr. Denis Nkala",
                "role": "UNOSSC Regional Coordinator for Asia and the Pacific",
                "organisation": organisation(UNOSSC),
            },
        ],
    },
)

EVENT_INDEX = PageSpec(
    model="courses.EventIndexPage",
    slug="events",
    title="Events",
    fields={
        "show_in_menus": True,
        "intro": (
            "<p>Workshops and conferences where public service innovation is "
            "taught and discussed, with the facts from each event's notification, "
            "concept note or report.</p>"
        ),
    },
    children=[APO_WORKSHOP, APO_CONFERENCE, ESCWA_WORKSHOP, MATCHMAKING_WORKSHOP],
)

# The course ----------------------------------------------------------------

E_GOVERNMENT_SURVEY = {"title": "2020 UN E-Government Survey", "url": ""}


def bullets(*items):
    """A bullet list block; an item is its text, or (text, [second-level points])."""
    return (
        "bullet_list",
        [
            {"text": item, "sub_items": []}
            if isinstance(item, str)
            else {"text": item[0], "sub_items": list(item[1])}
            for item in items
        ],
    )


def source(title):
    return ("source", {"title": title, "url": ""})


def slide(slug, title, body, speaker_notes="", principles=(), strategies=()):
    return PageSpec(
        model="courses.SlidePage",
        slug=slug,
        title=title,
        fields={"body": body, "speaker_notes": speaker_notes},
        relations={
            "principles": [principle(name) for name in principles],
            "strategies": [strategy(name) for name in strategies],
        },
    )


SLIDES_AND_QUESTIONS = [
    slide(
        "government-innovation-context",
        "The Government Innovation Context",
        [
            (
                "paragraph",
                "<p>Why governments need to innovate, and what they need in order "
                "to do it, if public services are to help deliver the Sustainable "
                "Development Goals.</p>",
            ),
        ],
        speaker_notes=(
            "<p>Open the module by asking participants where their own institution "
            "has changed the way it serves people in the last few years.</p>"
        ),
    ),
    slide(
        "to-achieve-the-sdgs",
        "To Achieve the SDGs",
        [
            bullets(
                "Public sector capacity must be bolstered at the national and local "
                "levels",
                (
                    "This requires:",
                    [
                        "Institutional innovations",
                        "Organizational innovations",
                        "Process innovations",
                        "Conceptual innovations",
                    ],
                ),
            ),
            source("UN DPIDG Interim Policy Brief, Capacity Development Unit"),
        ],
        speaker_notes=(
            "<p>The SDGs are delivered by national and local institutions; stress "
            "that innovation is needed in all four places listed, not only in "
            "technology.</p>"
        ),
    ),
    slide(
        "innovation-requirements",
        "Innovation requirements",
        [
            bullets(
                "Public sector capacity must be bolstered at the national and local "
                "levels",
                "Developing capacities for e-government transformation is essential "
                "for digital transformation",
                (
                    "Capacities for digital transformation are required at societal, "
                    "institutional, organizational and individual levels",
                    [
                        "It entails fundamental changes in the mindsets of public "
                        "servants and in the way public institutions collaborate"
                    ],
                ),
                "Digital government transformation must not be seen as a "
                "technology-led process",
                "This is the approach that the most advanced e-government countries "
                "have adopted",
            ),
            ("source", E_GOVERNMENT_SURVEY),
        ],
        speaker_notes=(
            "<p>The key message: digital transformation is about people and "
            "institutions first. Ask who in the room has seen a technology project "
            "fail because the way of working did not change.</p>"
        ),
    ),
    slide(
        "digital-government",
        "Digital Government",
        [
            bullets(
                (
                    "Digital government is a means, not an end:",
                    [
                        "to improve public service delivery",
                        "to increase people's engagement",
                        "to enhance transparency, accountability and inclusion",
                        "and, ultimately, to make life better for all",
                    ],
                ),
            ),
            ("source", E_GOVERNMENT_SURVEY),
        ],
        speaker_notes=(
            "<p>Judge digital projects by what changes for people, not by the "
            "number of services put online.</p>"
        ),
    ),
    slide(
        "capability-to-innovate-varies",
        "Capability to Innovate Varies",
        [
            bullets(
                (
                    "Governments around the world use digital technologies to "
                    "innovate the way they:",
                    [
                        "operate",
                        "share information",
                        "make decisions",
                        "deliver services",
                        "engage and partner with people to solve policy challenges "
                        "of public concern",
                    ],
                ),
                (
                    "Yet many countries remain ill-equipped to use digital "
                    "technologies to:",
                    [
                        "provide accessible, reliable, fast, personalized, secure "
                        "and inclusive services",
                        "empower people through open and participatory mechanisms",
                    ],
                ),
            ),
            ("source", E_GOVERNMENT_SURVEY),
        ],
        speaker_notes=(
            "<p>Countries start from very different places. Invite participants to "
            "say which of these capabilities is strongest, and which weakest, in "
            "their own administration.</p>"
        ),
    ),
    slide(
        "realizing-innovation-in-psd",
        "Realizing Innovation in PSD",
        [
            ("heading", "Principles"),
            bullets(ACCESS, QUALITY, INCLUSION, PEOPLE_DRIVEN, TRANSPARENCY),
            ("heading", "Strategies"),
            bullets(
                INSTITUTIONAL,
                LEADERSHIP,
                PROCESS,
                CULTURE,
                "Leveraging the potential of ICTs, which create new opportunities "
                "for innovation",
            ),
        ],
        speaker_notes=(
            "<p>An overview of the rest of the module: the principles say what good "
            "public service delivery (PSD) looks like; the strategies say how an "
            "institution gets there.</p>"
        ),
    ),
    slide(
        "five-main-principles",
        "Five Main Principles to Guide Innovation in PSD",
        [bullets(ACCESS, QUALITY, INCLUSION, PEOPLE_DRIVEN, TRANSPARENCY)],
        speaker_notes=(
            "<p>The next five slides take one principle each. The principles "
            "reinforce one another: a service cannot be inclusive if people cannot "
            "reach it.</p>"
        ),
    ),
    slide(
        "access",
        "Access",
        [
            bullets(
                "Expanding coverage, or improving the quality of services, for "
                "vulnerable groups is critical to inclusive, sustainable development",
                (
                    "One way to expand coverage: adequate civil identity "
                    "registration and management systems",
                    [
                        "Global, regional and national commitments to sustainable "
                        "development and poverty reduction require equal access to "
                        "quality services for all citizens, men and women"
                    ],
                ),
                "Target 16.9 of the 2030 Agenda is devoted to access",
            ),
        ],
        speaker_notes=(
            "<p>Target 16.9 asks for legal identity for all, including birth "
            "registration, by 2030. Without an identity record many people cannot "
            "use public services at all, which is why registration comes first.</p>"
        ),
        principles=[ACCESS],
    ),
    slide(
        "quality",
        "Quality",
        [
            bullets(
                (
                    "High-quality service delivery includes, but is not limited to:",
                    [
                        "the degree of excellence of the services offered",
                        "quality government services available at times and in "
                        "ways that are convenient to the public",
                        "speedy processing of applications or claims",
                        "less paperwork and fewer other steps for people to show "
                        "they comply with clearly written government regulations",
                    ],
                ),
            ),
        ],
        speaker_notes=(
            "<p>Ask participants to pick one service they use themselves and rate "
            "it on each of the four points.</p>"
        ),
        principles=[QUALITY],
    ),
    slide(
        "inclusion-and-responsiveness",
        "Inclusion and responsiveness to the needs of the furthest left behind",
        [
            bullets(
                "“Leaving no one behind” means that standard delivery of public "
                "services is not enough if the vulnerable, including the poor, "
                "remain ignored",
                "Disaggregated data is vital to understand the needs of vulnerable "
                "groups and deliver the services they need",
            ),
        ],
        speaker_notes=(
            "<p>Averages hide the people a service misses. Ask what data the "
            "participants' institutions collect by sex, age, disability or "
            "location.</p>"
        ),
        principles=[INCLUSION],
    ),
    slide(
        "people-driven-and-personalized-services",
        "People-driven and personalized services",
        [
            bullets(
                "Use mechanisms proven to collect feedback from people and to engage "
                "them in the delivery of services",
            ),
        ],
        speaker_notes=(
            "<p>Examples to draw out: user surveys, complaint channels that get "
            "answered, and involving users when a service is redesigned.</p>"
        ),
        principles=[PEOPLE_DRIVEN],
    ),
    slide(
        "transparency-and-accountability",
        "Transparency and accountability of service delivery",
        [
            bullets(
                "Ensure transparency in service delivery, and accountability, so "
                "that resources go to the most vulnerable groups",
            ),
        ],
        speaker_notes=(
            "<p>Openness about budgets, standards and results lets people check "
            "that services reach those who need them most.</p>"
        ),
        principles=[TRANSPARENCY],
    ),
    slide(
        "five-strategies",
        "Five Central, Interlinked and Interdependent Strategies to Enable "
        "Innovation in PSD",
        [
            bullets(
                (
                    INSTITUTIONAL,
                    [
                        "Particularly collaborative governance frameworks (whole of "
                        "government and whole of society approaches) to deliver "
                        "integrated services"
                    ],
                ),
                LEADERSHIP,
                (
                    PROCESS,
                    [
                        "Including innovative channels and mechanisms for "
                        "partnership building and people engagement"
                    ],
                ),
                "Organizational culture to promote integrity, the principles of the "
                "2030 Agenda, knowledge sharing and management for innovation, "
                "transparency and accountability",
                "Leveraging the potential of ICTs, which creates new opportunities "
                "for innovation",
            ),
            source("UN DPIDG Policy Brief, Capacity Development Unit"),
        ],
        speaker_notes=(
            "<p>The strategies depend on one another: new technology achieves "
            "little without the leadership, culture and processes to use it. The "
            "first strategy leads into the plenary question.</p>"
        ),
        strategies=[INSTITUTIONAL, LEADERSHIP, PROCESS, CULTURE, ICTS],
    ),
    PageSpec(
        model="courses.PlenaryQuestionPage",
        slug="plenary-whole-of-government-approach",
        title="Plenary discussion: the whole-of-government approach",
        fields={
            "context": (
                "<p><b>The whole-of-government approach</b> looks at people's needs "
                "across sectors and organisations, so that digital services are "
                "delivered in a more integrated and coordinated way.</p>"
            ),
            "prompt": (
                "How far does your government take a whole-of-government approach "
                "to digital services today, and what would help your institution "
                "work with others to offer people one joined-up service?"
            ),
            "response_kind": "open_text",
        },
    ),
    module_quiz(),
    slide(
        "thank-you",
        "Thank you",
        [
            (
                "paragraph",
                "<p>Thank you for taking part in Module 2.2 of Innovation and "
                "Digital Government for Public Service Delivery, from the United "
                "Nations Department of Economic and Social Affairs.</p>",
            ),
        ],
    ),
]

COURSE_SLUG = "innovation-and-digital-government-for-public-service-delivery"

COURSE = PageSpec(
    model="courses.CoursePage",
    slug=COURSE_SLUG,
    title="Innovation and Digital Government for Public Service Delivery",
    fields={
        "summary": (
            "How innovation and digital government can improve the way public "
            "services reach people, and the principles and strategies that guide "
            "that work."
        ),
        "providing_organisation": organisation(UN_DESA),
        "audience": (
            "Public servants, policymakers and managers at national and local level "
            "who design or deliver public services or lead their digital "
            "transformation."
        ),
        "estimated_hours": 12,
    },
    relations={
        "learning_outcomes": [
            {"text": "Explain why public-sector innovation matters for the SDGs"},
            {
                "text": "Describe the five principles that guide innovation in "
                "public service delivery"
            },
            {
                "text": "Relate the five interlinked strategies that enable "
                "innovation to your own institution"
            },
            {
                "text": "Discuss how a whole-of-government approach supports "
                "integrated digital services"
            },
        ],
        "events": [
            PageRef("courses.EventPage", ("events", APO_WORKSHOP_SLUG)),
        ],
    },
    children=[
        PageSpec(
            model="courses.DayPage",
            slug="day-2",
            title="Exploring Key Concepts and Conducting the Digital Transformation "
            "Assessment",
            fields={
                "day_number": 2,
                "subtitle": "The ideas behind public-sector innovation, and a first "
                "look at where your institution stands",
            },
            children=[
                PageSpec(
                    model="courses.ModulePage",
                    slug="principles-and-strategies",
                    title="Innovation and Digital Government: Principles and "
                    "Strategies to Innovate in Public Service Delivery",
                    fields={
                        "code": "2.2",
                        "summary": (
                            "Why governments need to innovate to deliver the SDGs, "
                            "the five principles that should guide innovation in "
                            "public service delivery, and the five interlinked "
                            "strategies that make it possible, ending with a "
                            "discussion of the whole-of-government approach."
                        ),
                        "estimated_minutes": 60,
                    },
                    children=SLIDES_AND_QUESTIONS,
                ),
            ],
        ),
        final_assessment(),
    ],
)

COURSE_INDEX = PageSpec(
    model="courses.CourseIndexPage",
    slug="courses",
    title="Courses",
    fields={
        "show_in_menus": True,
        "intro": (
            "<p>Courses for public servants on innovation and digital government, "
            "arranged by day and module, with slides and questions for "
            "discussion.</p>"
        ),
    },
    children=[COURSE],
)

# The home page -------------------------------------------------------------

HOME = PageSpec(
    model="home.HomePage",
    slug="home",
    title="Public Service Innovation Learning",
    fields={
        "introduction": (
            "<p>Open training material on innovation in public service delivery, "
            "for public servants and the people who train them: courses built from "
            "real workshop sessions, and the events where they are taught.</p>"
        ),
    },
    relations={
        "featured_courses": [
            {"course": PageRef("courses.CoursePage", ("courses", COURSE_SLUG))},
        ],
    },
    children=[EVENT_INDEX, COURSE_INDEX],
)
