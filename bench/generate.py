"""Generate a realistic, deterministic pipetrack data folder for benchmarks.

    python bench/generate.py --contacts 10000 --out /tmp/bench10k

The same --contacts and --seed always give the same bytes. One account per
~10 contacts, 2-20 owners, every stage with evidence that supports it, 3-10
activities per contact, Chinese and English names and notes, and comments, in
the documented format (README: The data folder). Never commit the output.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
from datetime import date, timedelta
from pathlib import Path

TODAY = date(2026, 11, 22)

SURNAMES_ZH = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
)
GIVEN_ZH = list("伟芳娜敏静磊洋勇艳杰军强明丽涛超霞平刚英华玉秀文建国红兰春梅海波宇晨欣怡浩然嘉佳")
TITLES_ZH = ["经理", "总监", "先生", "女士", "总", "主任"]
FIRST_EN = [
    "James",
    "Mary",
    "Robert",
    "Linda",
    "Michael",
    "Sarah",
    "David",
    "Emma",
    "Daniel",
    "Olivia",
    "Peter",
    "Grace",
    "Thomas",
    "Chloe",
    "Henry",
    "Alice",
    "Jack",
    "Sophie",
    "Oscar",
    "Ruby",
]
LAST_EN = [
    "Smith",
    "Brown",
    "Wilson",
    "Taylor",
    "Clark",
    "Walker",
    "Young",
    "King",
    "Wright",
    "Green",
    "Baker",
    "Hill",
    "Turner",
    "Parker",
    "Evans",
    "Morris",
    "Cooper",
    "Ward",
    "Bell",
    "Hughes",
]
ORG_ZH = ["华南", "东方", "长城", "新世纪", "金桥", "宏达", "天成", "恒信", "远航", "海润"]
ORG_KIND_ZH = [
    "印刷有限公司",
    "服装连锁",
    "物流集团",
    "电子科技",
    "医疗器械",
    "餐饮管理",
    "建材公司",
    "教育咨询",
]
ORG_EN = [
    "Acme",
    "Northwind",
    "Bluebird",
    "Summit",
    "Harbor",
    "Redwood",
    "Silverline",
    "Keystone",
    "Lakeside",
    "Orbit",
]
ORG_KIND_EN = ["Printing", "Logistics", "Retail", "Foods", "Dental Group", "Hotels", "Software", "Textiles"]
INDUSTRIES = [
    "printing",
    "retail",
    "logistics",
    "electronics",
    "healthcare",
    "catering",
    "construction",
    "education",
]
OWNER_NAMES = [
    "li-na",
    "wang-wei",
    "zhang-min",
    "chen-jie",
    "liu-yang",
    "sarah-k",
    "tom-b",
    "zhao-lei",
    "anna-m",
    "huang-li",
    "zhou-tao",
    "mike-r",
    "wu-fang",
    "xu-ming",
    "emma-w",
    "sun-hao",
    "ma-li",
    "lin-yu",
    "guo-qiang",
    "he-jing",
]
TITLES_EN = ["Owner", "Purchasing Manager", "IT Director", "CFO", "Office Manager", "Operations Lead", "CEO"]
SOURCES = ["referral", "cold-call", "event", "online"]
STAGES = ["opportunity", "first-meeting", "25%", "50%", "90%", "closed", "lost"]
STAGE_WEIGHTS = [30, 12, 18, 12, 6, 14, 8]
NOTES = [
    "Works long hours, worried about time with his children.",
    "喜欢早上开会,下午很难约。",
    "Prefers WeChat to e-mail; replies late at night.",
    "关注售后服务,上一家供应商响应太慢。",
    "Asked for two reference customers in the same industry.",
    "预算由总部审批,每季度一次。",
    "Compares us with two competitors on price.",
    "对价格敏感,但更看重交付时间。",
]
ACT_NOTES = [
    "left a voicemail",
    "聊了十分钟,约下周再谈",
    "sent the brochure",
    "met at his shop",
    "讨论了报价",
    "asked about delivery times",
    "客户在出差",
    "demo went well",
    "需要和财务确认",
    "follow-up after the event",
]
NEXT_STEPS = [
    "review the formal proposal",
    "讨论正式方案并与两家竞争对手比较",
    "site visit with the IT team",
    "财务审批后签约",
    "sign at the next meeting",
]
LOST_REASONS = ["chose a cheaper competitor", "预算取消", "no decision maker reachable", "项目延期到明年"]
KINDS = ["call", "call", "call", "meeting", "proposal", "message", "visit", "other"]
OUTCOMES = ["no-answer", "connected", "meeting-set"]


def d(day: date) -> str:
    return day.isoformat()


def q(text: str) -> str:
    """A flow-context scalar: quote when a plain one would not survive."""
    if any(ch in text for ch in ",:{}[]#&*!|>'\"%@`") or text != text.strip():
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return text


def person(rng: random.Random, i: int, taken: set[str]) -> tuple[str, str]:
    """A name no other contact has (same names are legal, but `check` warns)."""
    while True:
        if rng.random() < 0.5:
            tail = (
                rng.choice(GIVEN_ZH) + rng.choice(GIVEN_ZH) if rng.random() < 0.8 else rng.choice(TITLES_ZH)
            )
            name, cid = rng.choice(SURNAMES_ZH) + tail, f"c{i:06d}"
        else:
            first, last = rng.choice(FIRST_EN), rng.choice(LAST_EN)
            name, cid = f"{first} {chr(rng.randint(65, 90))}. {last}", f"{first.lower()}-{last.lower()}-{i}"
        if name not in taken:
            taken.add(name)
            return name, cid


def account_text(rng: random.Random, i: int) -> tuple[str, str]:
    if rng.random() < 0.5:
        name = rng.choice(ORG_ZH) + rng.choice(ORG_KIND_ZH)
    else:
        name = f"{rng.choice(ORG_EN)} {rng.choice(ORG_KIND_EN)}"
    aid = f"acct-{i:05d}"
    lines = [
        f"name: {name}",
        f"tier: {rng.choices(['platinum', 'gold', 'silver'], [1, 3, 6])[0]}",
        f"industry: {rng.choice(INDUSTRIES)}",
        f"size: {rng.choice([20, 50, 120, 400, 1000, 5000])}             # employees",
        f"share_of_wallet: {rng.choice([0, 0.1, 0.3, 0.6, 0.9])}",
        "opportunity:                # the five questions",
        f"  budget: {rng.choice([50000, 120000, 200000, 'true'])}",
        f"  purchase_date: {d(TODAY + timedelta(days=rng.randint(10, 200)))}",
        "  fit: true",
        f"  worth_it: {rng.choice(['true', 'false'])}",
        f"  can_win: {rng.choice(['true', 'false', 'unknown'])}",
        f"products_in_use: [{{product: PBX, brand: {rng.choice(ORG_EN)}, quantity: {rng.randint(1, 9)}, "
        f"years: {rng.randint(1, 9)}}}]",
        f"competitors: [{{name: {rng.choice(ORG_EN)}, rep: {rng.choice(SURNAMES_ZH)}, strengths: price, "
        "weaknesses: service}]",
        f"notes: {rng.choice(NOTES)}",
    ]
    return aid, "\n".join(lines) + "\n"


def supporter_lines(kind: str, attitude: int) -> list[str]:
    """A guide (insider, sponsor, coach) is on your side: only for a positive attitude."""
    guide = [f"  supporter: {kind}"] if attitude > 0 else []
    return [*guide, f"  attitude: {attitude}"]


def _first_meeting(
    rng: random.Random, stage: str, created: date, lines: list[str]
) -> tuple[date, list[tuple[date, str]]]:
    """The first meeting of a contact past opportunity, with its history so far (a contact at
    first-meeting meets soon, so its created date may move back: ``lines`` is updated)."""
    first = created + timedelta(days=rng.randint(1, 14))
    if stage == "first-meeting":
        first = TODAY + timedelta(days=rng.randint(-5, 20))
        created = min(created, first - timedelta(days=2))
        lines[-2] = f"created: {d(created)}"
    else:
        first = min(first, TODAY)
    lines.append(f"first_meeting: {d(first)}")
    return first, [(created, "opportunity"), (min(first - timedelta(days=1), TODAY), "first-meeting")]


def contact_text(
    rng: random.Random, i: int, accounts: int, owners: list[str], taken: set[str]
) -> tuple[str, str]:
    name, cid = person(rng, i, taken)
    stage = rng.choices(STAGES, STAGE_WEIGHTS)[0]
    created = TODAY - timedelta(days=rng.randint(20, 360))
    lines = [f"name: {name}"]
    if accounts:
        lines.append(f"account: acct-{rng.randrange(accounts):05d}")
    lines += [
        f"owner: {rng.choice(owners)}",
        f"title: {rng.choice(TITLES_EN + TITLES_ZH)}",
        f'phone: "+86 1{rng.randint(30, 89)} {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}"',
        f"source: {rng.choice(SOURCES)}             # how we met",
        f"created: {d(created)}",
        f"stage: {stage}",
    ]
    history = [(created, "opportunity")]
    first = signed = paid = None
    criteria: list[str] = []
    value = rng.choice([3000, 8000, 12000, 18000, 25000, 60000])
    if stage != "opportunity" and (stage != "lost" or rng.random() < 0.5):
        first, history = _first_meeting(rng, stage, created, lines)
    if stage in ("25%", "50%", "90%", "closed"):
        history.append((first, "25%"))
        lines.append(
            f"next_meeting: {d(TODAY + timedelta(days=rng.randint(1, 20)))}T{rng.randint(9, 17):02d}:00"
        )
    if stage in ("50%", "90%", "closed"):
        sign = first + timedelta(days=rng.randint(5, 14))
        criteria = [
            "criteria:",
            "  right_person: true",
            "  plan_fits: true",
            f"  budget: {value}",
            f"  signing_date: {d(sign)}",
            f"  next_step: {rng.choice(NEXT_STEPS)}",
        ]
        history.append((min(first + timedelta(days=rng.randint(1, 4)), TODAY), "50%"))
    elif stage == "25%":
        criteria = ["criteria:", "  right_person: true", f"  budget: {rng.choice(['true', value])}"]
    if stage in ("90%", "closed"):
        if stage == "closed":
            signed = min(first + timedelta(days=rng.randint(15, 30)), TODAY - timedelta(days=12))
            paid = signed + timedelta(days=rng.randint(0, 2))
        else:
            signed = TODAY - timedelta(days=rng.randint(1, 5))
            paid = min(signed + timedelta(days=1), TODAY)
        history.append((signed, "90%"))
        if stage == "closed":
            history.append((paid + timedelta(days=10), "closed"))
    lines += criteria
    if signed:
        lines += [f"signed: {d(signed)}", f"paid: {d(paid)}"]
    lines.append(f"value: {value}                # the deal's amount")
    if stage == "lost":
        lines.append(f"lost_reason: {rng.choice(LOST_REASONS)}")
        history.append((created + timedelta(days=rng.randint(15, 19)), "lost"))
    lines += [
        "profile:",
        f"  function: {rng.choice(['user', 'oversight', 'finance'])}",
        f"  level: {rng.choice(['operational', 'management', 'executive'])}",
        f"  roles: [{rng.choice(['decider', 'user', 'evaluator', 'initiator'])}]",
        *supporter_lines(rng.choice(["insider", "sponsor", "coach"]), rng.randint(-4, 4)),
        f"  personality: {rng.choice(['analytical', 'driver', 'expressive', 'amiable'])}",
        f"  relationship: {rng.choice(['acquainted', 'dating', 'trust', 'alliance'])}",
        f"  needs: [{rng.choice(['security', 'belonging', 'respect', 'achievement', 'power'])}]",
        "history:                     # written by pipetrack on every stage change",
    ]
    history.sort(key=lambda h: h[0])
    lines += [f"  - {{date: {d(day)}, stage: {st}}}" for day, st in history]
    lines.append("activities:                  # written by `pipetrack log`")
    day = created
    for _ in range(rng.randint(3, 10)):
        day = min(day + timedelta(days=rng.randint(0, 6)), TODAY)
        kind = rng.choice(KINDS)
        extra = f", outcome: {rng.choice(OUTCOMES)}" if kind == "call" else ""
        note = f", note: {q(rng.choice(ACT_NOTES))}" if rng.random() < 0.6 else ""
        lines.append(f"  - {{date: {d(day)}, kind: {kind}{extra}{note}}}")
    lines += ["notes: |", f"  {rng.choice(NOTES)}", f"  {rng.choice(NOTES)}"]
    return cid, "\n".join(lines) + "\n"


SETTINGS = """\
# pipetrack settings (generated for benchmarks)
owner: {owner}
sales_cycle_days: 28
cycle_sample: 10
cooling_off_days: 10
week_start: monday
language: en
currency: CNY
"""


PROJECT_STAGES = (
    "qualified",
    "initial-contact",
    "technical-breakthrough",
    "commercial-breakthrough",
    "tender",
    "contract-signed",
    "lost",
)
PROJECT_WEIGHTS = (3, 3, 2, 2, 1, 1, 1)
#: The evidence keys each project stage adds (project.yaml's gates), in order.
PROJECT_EVIDENCE = {
    "initial-contact": ["org_chart", "step_deciders"],
    "technical-breakthrough": ["our_terms_in_tender", "rival_blocked", "qualified_to_bid"],
    "commercial-breakthrough": ["commercial_terms"],
}


def project_text(rng: random.Random, i: int, accounts: int, owners: list[str]) -> tuple[str, str]:
    """One project whose evidence supports its stage (a decider for us, a coach, every KI)."""
    stage = rng.choices(PROJECT_STAGES, PROJECT_WEIGHTS)[0]
    reach = PROJECT_STAGES.index(stage) if stage != "lost" else rng.randint(0, 4)
    start = TODAY - timedelta(days=rng.randint(30 * (reach + 1), 30 * (reach + 1) + 120))
    value = rng.choice([80000, 150000, 300000, 600000, 1200000])
    history = [
        f"  - {{date: {d(start + timedelta(days=20 * k))}, stage: {PROJECT_STAGES[k]}}}"
        for k in range(reach + 1)
    ]
    if stage == "lost":
        history.append(f"  - {{date: {d(start + timedelta(days=20 * reach + 5))}, stage: lost}}")
    lines = [
        f"name: {rng.choice(ORG_ZH)}{rng.choice(['二期', '扩建', '改造', '新建'])}项目",
        f"account: acct-{rng.randrange(max(1, accounts)):05d}",
        f"owner: {rng.choice(owners)}",
        f"value: {value}",
        f"stage: {stage}",
        f"created: {d(start)}",
        "history:",
        *history,
        f"need: {rng.choice(NOTES)}",
        f"budget: {value}",
        f"purchase_date: {d(TODAY + timedelta(days=rng.randint(20, 200)))}",
        "buying_group:",
        "  - {contact: c-decider, role: decider, circle: core, supporter: sponsor, weight: 5, attitude: 2}",
        "  - {contact: c-tech, role: technical, circle: political, supporter: coach, weight: 3, attitude: 1,"
        " criteria: [价格, 交期]}",
        "ki: {buying_group: yes, need: yes, budget: yes, process: yes, competition: yes}",
        "evidence:",
    ]
    for k in range(1, reach + 1):
        lines += [f"  {key}: yes" for key in PROJECT_EVIDENCE.get(PROJECT_STAGES[k], [])]
    if reach >= 4:
        lines.append(
            f"tender: {{form: public, documents: {d(TODAY - timedelta(days=20))}, "
            f"deadline: {d(TODAY + timedelta(days=rng.randint(-5, 30)))}, "
            f"bid_submitted: {d(TODAY - timedelta(days=3))}}}"
        )
    if reach >= 5:
        signed = d(TODAY - timedelta(days=2))
        lines.append(f"contract: {{signed: {signed}, technical_agreement: {signed}}}")
    if stage == "lost":
        lines.append("lost_reason: 价格")
    lines += [f"next_step: {rng.choice(NOTES)}", f"candidate_rank: {rng.randint(0, 3)}"]
    return f"proj-{i:05d}", "\n".join(lines) + "\n"


def generate(out: Path, contacts: int, seed: int = 2026, projects: int = 0) -> None:
    rng = random.Random(f"{seed}:{contacts}")
    accounts = max(1, contacts // 10)
    n_owners = max(2, min(20, contacts // 500 or 2))
    owners = OWNER_NAMES[:n_owners]
    if out.exists():
        if not (out / "pipetrack.yaml").is_file():
            raise SystemExit(f"{out} exists and is not a pipetrack folder; refusing to overwrite it")
        shutil.rmtree(out)
    (out / "accounts").mkdir(parents=True)
    (out / "contacts").mkdir()
    (out / "pipetrack.yaml").write_text(SETTINGS.format(owner=owners[0]), encoding="utf-8")
    (out / ".gitignore").write_text(".pipetrack-cache/\n", encoding="utf-8")
    for i in range(accounts):
        aid, text = account_text(rng, i)
        (out / "accounts" / f"{aid}.yaml").write_bytes(text.encode())
    taken: set[str] = set()
    for i in range(contacts):
        cid, text = contact_text(rng, i, accounts, owners, taken)
        (out / "contacts" / f"{cid}.yaml").write_bytes(text.encode())
    if projects:
        (out / "projects").mkdir()
        for i in range(projects):
            pid, text = project_text(rng, i, accounts, owners)
            (out / "projects" / f"{pid}.yaml").write_bytes(text.encode())
    # The files were written moments ago; date them a minute back so that a
    # first warm run is not "racily clean" (like a checkout that is not new).
    past = os.stat(out / "pipetrack.yaml").st_mtime_ns - 60 * 10**9
    for sub in ("accounts", "contacts", "projects")[: 3 if projects else 2]:
        for entry in os.scandir(out / sub):
            os.utime(entry.path, ns=(past, past))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=1000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--projects", type=int, default=0, help="Also this many projects (projects/).")
    args = parser.parse_args(argv)
    generate(args.out, args.contacts, args.seed, args.projects)
    print(
        f"wrote {args.contacts} contacts, {max(1, args.contacts // 10)} accounts "
        f"and {args.projects} projects to {args.out}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
