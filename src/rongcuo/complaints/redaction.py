"""Redaction of personal data in text meant for the public or for someone who must not know a
reporter (pure: no Django). Two sources: the people the record knows (named, masked to 张某) and
patterns (身份证号、手机号、固定电话、电子邮箱), masked whatever they belong to. `findings`
says what personal data remains, so a text is released only when nothing is found."""

from __future__ import annotations

import re
from collections.abc import Iterable

# Two-character surnames (复姓) the masking keeps whole: 欧阳修 → 欧阳某.
COMPOUND_SURNAMES = (
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "夏侯", "轩辕",
    "令狐", "钟离", "独孤", "南宫", "西门", "澹台", "公冶", "太史", "端木", "申屠", "闻人", "呼延", "万俟", "单于",
)
# Digits as people type them: ASCII or full-width, with spaces, dots, hyphens or middle dots between.
DIGIT = "[0-9０-９]"
SEP = r"[\s.\-·・—－]?"
ID_NUMBER = re.compile(rf"(?<![0-9０-９A-Za-z])(?:{DIGIT}{SEP}){{17}}[0-9０-９XxＸｘ](?![0-9０-９A-Za-z])"
                       rf"|(?<![0-9０-９A-Za-z])(?:{DIGIT}{SEP}){{14}}{DIGIT}(?![0-9０-９A-Za-z])")
MOBILE = re.compile(rf"(?<![0-9０-９])(?:[+＋]?[8８][6６]{SEP})?[1１]{SEP}[3-9３-９](?:{SEP}{DIGIT}){{9}}(?![0-9０-９])")
LANDLINE = re.compile(rf"(?<![0-9０-９])[0０](?:{SEP}{DIGIT}){{2,3}}{SEP}(?:{DIGIT}{SEP}){{6,7}}{DIGIT}(?![0-9０-９])")
EMAIL = re.compile(r"[A-Za-z0-9._%+\-Ａ-Ｚａ-ｚ０-９]+\s*[@＠]\s*[A-Za-z0-9\-Ａ-Ｚａ-ｚ０-９]+(?:\s*[.．。]\s*[A-Za-zＡ-Ｚａ-ｚ]{2,})+")
PATTERNS = ((ID_NUMBER, "（身份证号已隐去）", "身份证号"), (MOBILE, "（电话已隐去）", "手机号"),
            (LANDLINE, "（电话已隐去）", "电话号码"), (EMAIL, "（邮箱已隐去）", "电子邮箱"))
# Between the characters of a name or an address people put spaces, dots or middle dots (王 小二、张·明).
NAME_GAP = r"[\s·・•.．_\-—]*"
FULL_WIDTH = {chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)}
SECRET_MASK = "（举报人信息已隐去）"
# People the record does not know, found by how a text introduces them: a role word, then a common
# surname and one or two characters (企业负责人王大锤、店主李四). Masked in a proposal; the
# reviewer still reads the text before it is released.
COMMON_SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
                   "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
ROLE_WORDS = ("法定代表人", "负责人", "当事人", "经营者", "执法人员", "调查人员", "工作人员", "经办人", "举报人", "证人", "店主",
              "老板", "村民", "群众", "业主", "户主", "司机", "商户", "局长", "科长", "所长", "队长", "主任", "同志")
INTRODUCED = re.compile(rf"(?:{'|'.join(ROLE_WORDS)})[：:\s]*([{COMMON_SURNAMES}][\u4e00-\u9fa5]{{1,2}}?)"
                        r"(?=[，。、；：（(）)\s和与及在等说称到向对于将把被的]|$)")


def masked_name(name: str) -> str:
    """张三 → 张某, 欧阳修 → 欧阳某; a one-character name, or one not in Chinese characters, is 某某."""
    name = name.strip()
    if not all("\u4e00" <= c <= "\u9fa5" for c in name):
        return "某某"
    surname = next((s for s in COMPOUND_SURNAMES if name.startswith(s) and len(name) > len(s)), name[:1])
    return f"{surname}某" if len(name) > 1 else "某某"


def _ordered(values: Iterable[str]) -> list[str]:
    # longest first, so 张三丰 is masked before 张三; blanks and single characters are not names
    return sorted({v.strip() for v in values if v and len(v.strip()) >= 2}, key=len, reverse=True)


def _char(c: str) -> str:
    """One character as it may be typed: an ASCII letter or digit also in its full-width form."""
    wide = FULL_WIDTH.get(c)
    return f"[{re.escape(c)}{re.escape(wide)}]" if wide and c.isalnum() else re.escape(c)


def _spaced(value: str) -> re.Pattern[str]:
    """A name, number or address as it may be typed: with spaces, dots, hyphens or middle dots
    between its characters, full-width digits and letters, either case."""
    compact = [c for c in value if not (c.isspace() or c in "·・•.．_-—")]
    return re.compile(NAME_GAP.join(_char(c) for c in compact), re.IGNORECASE)



def redact(text: str, people: Iterable[str] = (), secrets: Iterable[str] = (), patterns: bool = True) -> str:
    """The text with every secret (a reporter's name, ID number, phone, address) replaced outright,
    every known person masked to 张某 and, unless `patterns` is off, every pattern of personal
    data masked."""
    for secret in _ordered(secrets):
        text = _spaced(secret).sub(SECRET_MASK, text)
    for person in _ordered(people):
        text = _spaced(person).sub(masked_name(person), text)
    if patterns:
        text = INTRODUCED.sub(lambda m: m.group(0).replace(m.group(1), masked_name(m.group(1))), text)
        for pattern, mask, _ in PATTERNS:
            text = pattern.sub(mask, text)
    return text


def findings(text: str, people: Iterable[str] = (), secrets: Iterable[str] = ()) -> list[str]:
    """What personal data the text still holds, in words (never the values of secrets)."""
    found = []
    if any(_spaced(s).search(text) for s in _ordered(secrets)):
        found.append("举报人的身份信息")
    named = [p for p in _ordered(people) if _spaced(p).search(text)]
    if named:
        found.append("姓名：" + "、".join(named))
    found += [what for pattern, _, what in PATTERNS if pattern.search(text)]
    return found
