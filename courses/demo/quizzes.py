"""The demo quizzes: a check on Module 2.2, and a short final assessment for the course.

The facts the questions test (the names of the five principles and five strategies,
what the slides say of each, Target 16.9, the whole-of-government approach) come
from the UN DESA deck in shared/seeds; the questions, choices and explanations are
written for this site.

Layout: `content.py` holds the names of the principles and strategies, and builds
the course tree with these quizzes in it, so the two modules need each other. To
keep that from being an import cycle, this module imports nothing from `content` at
its top: the quizzes are built by functions, which `content` calls while it builds
the tree, and each function reads the names from `content` when it runs. By then
`content` has defined them (they come before the course), whichever of the two
modules was imported first.
"""

from courses.demo.specs import PageSpec, principle, strategy


def right(text):
    return {"text": text, "correct": True}


def wrong(text):
    return {"text": text, "correct": False}


def question(kind, text, *, points, explanation, principles=(), strategies=(), **key):
    """One question block as (block type, value); `key` holds its type's answer fields."""
    return (
        kind,
        {
            "question": text,
            "points": points,
            "explanation": explanation,
            "principles": [principle(name) for name in principles],
            "strategies": [strategy(name) for name in strategies],
            **key,
        },
    )


def module_quiz():
    """The quiz that closes Module 2.2, after the plenary and before the last slide."""
    from courses.demo.content import (
        ACCESS,
        CULTURE,
        ICTS,
        INCLUSION,
        INSTITUTIONAL,
        LEADERSHIP,
        PEOPLE_DRIVEN,
        PRINCIPLES,
        PROCESS,
        QUALITY,
        STRATEGIES,
        TRANSPARENCY,
    )

    questions = [
        # The principles, in the module's order.
        question(
            "single_choice",
            "The module names one way to expand the coverage of public services so "
            "that they reach everyone, vulnerable groups included. Which is it?",
            points=1,
            choices=[
                right("Adequate systems for registering and managing civil identity"),
                wrong("A small fee for every service, to pay for wider coverage"),
                wrong("Moving every service online and closing the service counters"),
                wrong("Serving applicants strictly in the order they apply"),
            ],
            explanation=(
                "The Access slide gives adequate civil identity registration and "
                "management systems as one way to expand coverage: people without a "
                "recognised identity often cannot use public services at all."
            ),
            principles=[ACCESS],
        ),
        question(
            "short_text",
            "Which target of the 2030 Agenda does the module say is devoted to "
            "access? Give its number, in the form 4.1.",
            points=2,
            accepted_answers=["16.9", "Target 16.9", "SDG 16.9", "SDG target 16.9"],
            explanation=(
                "Target 16.9 of the 2030 Agenda is devoted to access: it asks for a "
                "legal identity for all, birth registration included."
            ),
            principles=[ACCESS],
        ),
        question(
            "multiple_choice",
            "Which of these does the module list as part of high-quality service "
            "delivery? Select all that apply.",
            points=2,
            scoring="partial",
            choices=[
                right("Services available at times and in ways that suit the public"),
                right("Speedy processing of applications and claims"),
                right(
                    "Less paperwork and fewer steps for people to show that they "
                    "comply with clearly written regulations"
                ),
                wrong(
                    "The same documents asked for at every step, to keep records "
                    "complete"
                ),
                wrong("Opening hours set to suit the office rather than the public"),
            ],
            explanation=(
                "Quality covers how excellent a service is, whether it is available "
                "when and how people need it, how fast applications and claims are "
                "handled, and how little paperwork people face to show they follow "
                "the rules. Asking for the same documents again, or opening when it "
                "suits the office, works against all of these."
            ),
            principles=[QUALITY],
        ),
        question(
            "true_false",
            "Under the principle of inclusion and responsiveness, offering the same "
            "standard service to everyone is enough, as long as that service is of "
            "good quality.",
            points=1,
            correct_answer="false",
            explanation=(
                "False. “Leaving no one behind” means that standard delivery is not "
                "enough if the vulnerable, including the poor, remain ignored: "
                "services have to respond to the needs of those furthest behind."
            ),
            principles=[INCLUSION],
        ),
        question(
            "multiple_choice",
            "What does the principle of people-driven and personalized services ask "
            "governments to do? Select all that apply.",
            points=2,
            scoring="all_or_nothing",
            choices=[
                right("Use mechanisms proven to collect feedback from people"),
                right("Engage people in the delivery of services"),
                wrong(
                    "Design services from administrative records alone, without "
                    "asking the people who use them"
                ),
                wrong(
                    "Offer one identical service to everyone, whatever their "
                    "circumstances"
                ),
            ],
            explanation=(
                "People-driven services rest on two things: feedback collected "
                "through mechanisms that have proven to work, and people's "
                "engagement in how services are delivered. Designing without users, "
                "or ignoring their circumstances, is the opposite."
            ),
            principles=[PEOPLE_DRIVEN],
        ),
        question(
            "true_false",
            "The module links transparency and accountability in service delivery "
            "to making sure that resources go to the most vulnerable groups.",
            points=1,
            correct_answer="true",
            explanation=(
                "True. Transparency and accountability let people see where the "
                "resources for services go, and hold someone to account for "
                "getting them to the most vulnerable groups."
            ),
            principles=[TRANSPARENCY],
        ),
        question(
            "matching",
            "Match each principle with the description that fits it.",
            points=3,
            source="principles",
            explanation=(
                "Access is about services reaching everyone; quality about "
                "excellence, convenience, speed and little paperwork; inclusion and "
                "responsiveness about the needs of those furthest behind; "
                "people-driven services about feedback and involvement; "
                "transparency and accountability about showing that resources reach "
                "the most vulnerable."
            ),
            principles=[item["name"] for item in PRINCIPLES],
        ),
        # The strategies.
        question(
            "multiple_choice",
            "Which of these are among the five strategies that the module presents "
            "as enabling innovation in public service delivery? Select all that "
            "apply.",
            points=2,
            scoring="all_or_nothing",
            choices=[
                right(PROCESS),
                right(CULTURE),
                right(ICTS),
                wrong("Outsourcing public services to private providers"),
                wrong("Replacing front-line staff with automated systems"),
                wrong("Cutting the number of channels people can use"),
            ],
            explanation=(
                "The five strategies are institutional and organizational "
                "innovation; transformation of leadership and public officials' "
                "capacities; process innovation; organizational culture; and "
                "leveraging the potential of ICTs. None of the other three choices "
                "is among them."
            ),
            strategies=[PROCESS, CULTURE, ICTS],
        ),
        question(
            "single_choice",
            "As the module describes it, process innovation includes which of the "
            "following?",
            points=1,
            choices=[
                right(
                    "Innovative channels and mechanisms for building partnerships "
                    "and engaging people"
                ),
                wrong(
                    "Collaborative governance frameworks that join institutions up "
                    "to deliver integrated services"
                ),
                wrong("Developing the capacities of leaders and public officials"),
                wrong("Promoting integrity and knowledge sharing in organisations"),
            ],
            explanation=(
                "The strategies slide places new channels and mechanisms for "
                "partnership and people's engagement under process innovation. The "
                "other choices belong to other strategies: collaborative governance "
                "to institutional and organizational innovation, capacities to "
                "leadership, integrity and knowledge sharing to organizational "
                "culture."
            ),
            strategies=[PROCESS],
        ),
        question(
            "single_choice",
            "A ministry's heads of department follow a programme on managing change "
            "and championing new ideas, and its officials are coached in the skills "
            "its redesigned services will need. Which strategy is the ministry "
            "mainly putting into practice?",
            points=1,
            choices=[
                right(LEADERSHIP),
                wrong(PROCESS),
                wrong(ICTS),
                wrong(INSTITUTIONAL),
            ],
            explanation=(
                "Building what leaders and officials can do, so that they can start "
                "and sustain innovation, is the strategy of transforming leadership "
                "and public officials' capacities."
            ),
            strategies=[LEADERSHIP],
        ),
        question(
            "single_choice",
            "According to the module, what should the organizational culture of "
            "public institutions promote?",
            points=1,
            choices=[
                right(
                    "Integrity, the principles of the 2030 Agenda, and knowledge "
                    "sharing and management for innovation, transparency and "
                    "accountability"
                ),
                wrong(
                    "Strict adherence to procedure, so that nothing changes without "
                    "approval from the top"
                ),
                wrong(
                    "Competition between units, each keeping what it knows to itself"
                ),
                wrong("Speed above all, even at the cost of accountability"),
            ],
            explanation=(
                "The module asks for a culture of integrity that follows the "
                "principles of the 2030 Agenda and shares and manages knowledge for "
                "innovation, transparency and accountability. Hoarding knowledge or "
                "trading accountability for speed works against it."
            ),
            strategies=[CULTURE],
        ),
        question(
            "true_false",
            "The five strategies are separate options, so a government can rely on "
            "leveraging ICTs alone and leave leadership, culture and processes as "
            "they are.",
            points=1,
            correct_answer="false",
            explanation=(
                "False. The module calls the five strategies central, interlinked "
                "and interdependent, and the 2020 UN E-Government Survey warns that "
                "digital transformation must not be seen as a technology-led "
                "process."
            ),
            strategies=[ICTS],
        ),
        question(
            "short_text",
            "The module's plenary discussion is about an approach that looks at "
            "people's needs across sectors and organisations, so that digital "
            "services are delivered in a more integrated and coordinated way. What "
            "is this approach called?",
            points=2,
            accepted_answers=[
                "whole-of-government",
                "whole of government",
                "whole-of-government approach",
                "whole of government approach",
                "the whole-of-government approach",
                "the whole of government approach",
            ],
            explanation=(
                "The whole-of-government approach. With the whole-of-society "
                "approach, it is one of the collaborative governance frameworks "
                "through which institutional and organizational innovation delivers "
                "integrated services."
            ),
            strategies=[INSTITUTIONAL],
        ),
        question(
            "matching",
            "Match each strategy with the example that shows it at work.",
            points=3,
            source="strategies",
            explanation=(
                "Joined-up front offices are institutional and organizational "
                "innovation; training managers and staff transforms capacities; a "
                "redesigned procedure is process innovation; rewarding ideas and "
                "sharing lessons builds the culture; digital identity and shared "
                "registers leverage ICTs."
            ),
            strategies=[item["name"] for item in STRATEGIES],
        ),
    ]
    return PageSpec(
        model="courses.QuizPage",
        slug="check-your-understanding",
        title="Check your understanding: principles and strategies",
        fields={
            "introduction": (
                "<p>Questions on what this module covered: the five "
                "principles that should guide innovation in public service "
                "delivery, and the five interlinked strategies that make it "
                "possible. Most ask you to choose; a few ask you to type a short "
                "answer or to match names with descriptions.</p>"
                "<p>Passing the quiz completes this step of the module.</p>"
            ),
            "pass_mark": 70,
            "attempts_allowed": 3,
            "time_limit_minutes": None,
            "shuffle_questions": False,
            "shuffle_choices": True,
            "show_answers": "after_each_attempt",
            "questions": questions,
        },
    )


def final_assessment():
    """A short, timed assessment of the whole course, placed under the course."""
    from courses.demo.content import (
        ACCESS,
        CULTURE,
        ICTS,
        INCLUSION,
        INSTITUTIONAL,
        LEADERSHIP,
        PEOPLE_DRIVEN,
        PROCESS,
        QUALITY,
        TRANSPARENCY,
    )

    questions = [
        question(
            "single_choice",
            "The 2020 UN E-Government Survey calls digital government a means, not "
            "an end. A means to what?",
            points=1,
            choices=[
                right(
                    "Better public service delivery, more engagement of people, "
                    "greater transparency, accountability and inclusion, and better "
                    "lives for all"
                ),
                wrong(
                    "Putting as many services online as possible, whatever their use"
                ),
                wrong("Reducing the number of public servants"),
                wrong("Giving IT departments control over how services are designed"),
            ],
            explanation=(
                "Digital government is judged by what it changes for people: better "
                "services, more engagement, transparency, accountability and "
                "inclusion, and in the end better lives for all."
            ),
            strategies=[ICTS],
        ),
        question(
            "true_false",
            "The capacities needed for digital transformation are needed at the "
            "individual level only.",
            points=1,
            correct_answer="false",
            explanation=(
                "False. They are needed at the societal, institutional, "
                "organizational and individual levels, and call for changes in the "
                "mindsets of public servants and in the way institutions work "
                "together."
            ),
            strategies=[LEADERSHIP],
        ),
        question(
            "single_choice",
            "What does the whole-of-government approach do?",
            points=1,
            choices=[
                right(
                    "It looks at people's needs across sectors and organisations, so "
                    "that digital services are delivered in a more integrated and "
                    "coordinated way"
                ),
                wrong(
                    "It gives each ministry full control of its own digital services"
                ),
                wrong("It puts every public service under one central IT agency"),
                wrong("It asks citizens to vote on each new public service"),
            ],
            explanation=(
                "The approach starts from people's needs and works across sectors "
                "and organisations, so that services come together as one "
                "integrated, coordinated offer, not as separate services from each "
                "ministry."
            ),
            strategies=[INSTITUTIONAL],
        ),
        question(
            "matching",
            "Match each principle with an action that puts it into practice.",
            points=3,
            source="pairs",
            pairs=[
                {
                    "item": ACCESS,
                    "match": "Registering every birth, so that everyone has the "
                    "legal identity they need to use public services",
                },
                {
                    "item": QUALITY,
                    "match": "Cutting the forms and steps people need to show that "
                    "they comply with a clearly written regulation",
                },
                {
                    "item": INCLUSION,
                    "match": "Analysing data broken down by group to find who a "
                    "standard service leaves behind, and adapting it to their needs",
                },
                {
                    "item": PEOPLE_DRIVEN,
                    "match": "Collecting users' feedback through channels known to "
                    "work, and involving users in how the service is delivered",
                },
                {
                    "item": TRANSPARENCY,
                    "match": "Publishing how a service's budget is spent, so that "
                    "anyone can check it reaches the most vulnerable groups",
                },
            ],
            explanation=(
                "Legal identity opens access; less paperwork is part of quality; "
                "finding and serving those a standard service misses is inclusion "
                "and responsiveness; feedback and involvement make services "
                "people-driven; an open budget makes delivery transparent and "
                "accountable."
            ),
            principles=[ACCESS, QUALITY, INCLUSION, PEOPLE_DRIVEN, TRANSPARENCY],
        ),
        question(
            "multiple_choice",
            "Which of these statements about the five strategies are correct? "
            "Select all that apply.",
            points=2,
            scoring="partial",
            choices=[
                right("They are interlinked and interdependent"),
                right(
                    "Institutional and organizational innovation includes "
                    "collaborative governance frameworks for delivering integrated "
                    "services"
                ),
                right(
                    "Organizational culture should promote integrity, knowledge "
                    "sharing and accountability"
                ),
                wrong(
                    "Leveraging ICTs succeeds on its own, whatever the leadership, "
                    "culture and processes"
                ),
                wrong(
                    "Process innovation concerns internal paperwork only, not the "
                    "channels through which people are engaged"
                ),
            ],
            explanation=(
                "The strategies depend on one another, so technology alone is not "
                "enough. Collaborative governance belongs to institutional and "
                "organizational innovation, integrity and knowledge sharing to "
                "organizational culture, and process innovation includes new "
                "channels for partnership and people's engagement."
            ),
            strategies=[INSTITUTIONAL, PROCESS, CULTURE, ICTS],
        ),
        question(
            "short_text",
            "The module says that one kind of data is vital to understand the needs "
            "of vulnerable groups: data broken down by group, such as by sex, age "
            "or place. What is such data called?",
            points=2,
            accepted_answers=["disaggregated", "disaggregated data"],
            explanation=(
                "Disaggregated data. Averages hide the people a service misses; "
                "figures broken down by group show who they are and what they need."
            ),
            principles=[INCLUSION],
        ),
    ]
    return PageSpec(
        model="courses.QuizPage",
        slug="final-assessment",
        title="Final assessment",
        fields={
            "introduction": (
                "<p>A short assessment of the whole course: what digital government "
                "is for, the five principles that guide innovation in public "
                "service delivery, the five strategies that enable it, and the "
                "whole-of-government approach.</p>"
            ),
            "pass_mark": 70,
            "attempts_allowed": 2,
            "time_limit_minutes": 20,
            "shuffle_questions": True,
            "shuffle_choices": True,
            "show_answers": "after_passing",
            "questions": questions,
        },
    )


__all__ = ["final_assessment", "module_quiz"]
