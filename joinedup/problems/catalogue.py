"""The catalogue of interventions a response is tagged with, as seeded by migration 0002.

The 25 techniques of situational crime prevention (Cornish and Clarke, 2003), grouped by the five
aims, then enforcement, diversion and engagement. Coordinators can add more in the system screens.
"""

from __future__ import annotations

# (group, code, name, description)
INTERVENTIONS: list[tuple[str, str, str, str]] = [
    ("increase_effort", "target-harden", "Target harden", "Locks, screens, anti-climb paint"),
    (
        "increase_effort",
        "control-access",
        "Control access to facilities",
        "Entry systems, gates, gating orders",
    ),
    ("increase_effort", "screen-exits", "Screen exits", "Tickets needed to leave, tagging goods"),
    ("increase_effort", "deflect-offenders", "Deflect offenders", "Separate rival groups, close streets"),
    ("increase_effort", "control-tools", "Control tools and weapons", "Sales restrictions, toughened glass"),
    ("increase_risks", "extend-guardianship", "Extend guardianship", "Go out in groups, neighbourhood watch"),
    (
        "increase_risks",
        "natural-surveillance",
        "Assist natural surveillance",
        "Better lighting, cut back foliage",
    ),
    ("increase_risks", "reduce-anonymity", "Reduce anonymity", "Taxi driver IDs, school uniforms"),
    ("increase_risks", "place-managers", "Utilise place managers", "Staff, wardens, door supervisors"),
    ("increase_risks", "formal-surveillance", "Strengthen formal surveillance", "CCTV, patrols, alarms"),
    ("reduce_rewards", "conceal-targets", "Conceal targets", "Off-street parking, nothing on show"),
    ("reduce_rewards", "remove-targets", "Remove targets", "Removable radios, cashless payment"),
    ("reduce_rewards", "identify-property", "Identify property", "Property marking, vehicle licensing"),
    ("reduce_rewards", "disrupt-markets", "Disrupt markets", "Check pawnbrokers and street traders"),
    ("reduce_rewards", "deny-benefits", "Deny benefits", "Graffiti removal, speed humps"),
    (
        "reduce_provocations",
        "reduce-frustrations",
        "Reduce frustrations and stress",
        "Queues, seating, music",
    ),
    ("reduce_provocations", "avoid-disputes", "Avoid disputes", "Separate fans, fixed taxi fares"),
    ("reduce_provocations", "reduce-arousal", "Reduce emotional arousal", "Controls on violent material"),
    ("reduce_provocations", "neutralise-peer-pressure", "Neutralise peer pressure", "Disperse groups"),
    ("reduce_provocations", "discourage-imitation", "Discourage imitation", "Rapid repair of vandalism"),
    ("remove_excuses", "set-rules", "Set rules", "Public Spaces Protection Orders, tenancy terms"),
    ("remove_excuses", "post-instructions", "Post instructions", "No parking, private property signs"),
    ("remove_excuses", "alert-conscience", "Alert conscience", "Signs at the spot, roadside speed displays"),
    ("remove_excuses", "assist-compliance", "Assist compliance", "Litter bins, public toilets"),
    (
        "remove_excuses",
        "control-drugs-alcohol",
        "Control drugs and alcohol",
        "Breathalysers, alcohol-free events",
    ),
    ("enforcement", "warning", "Warnings and acceptable behaviour contracts", "Letters, ABCs"),
    (
        "enforcement",
        "notice",
        "Notices and orders",
        "Community protection notices, closure orders, injunctions",
    ),
    ("enforcement", "arrest", "Arrest and prosecution", "Police action, prosecution"),
    ("enforcement", "fixed-penalty", "Fixed penalties", "Fixed penalty notices"),
    ("diversion", "youth-provision", "Youth provision", "Youth clubs, detached youth work, sport"),
    (
        "diversion",
        "support-referral",
        "Referral to support",
        "Drug, alcohol, mental health or housing support",
    ),
    ("diversion", "restorative", "Restorative justice", "Mediation, restorative conferences"),
    ("engagement", "community-engagement", "Community engagement", "Street surgeries, residents' meetings"),
    ("engagement", "business-engagement", "Business engagement", "Pubwatch, shopwatch, licensees"),
    ("engagement", "joint-patrol", "Joint visible patrols", "Patrols with partners, street pastors"),
    ("engagement", "communications", "Communications and publicity", "Leaflets, social media, signs"),
]
