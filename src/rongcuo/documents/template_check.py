"""What an uploaded template may contain. A template is an administrator's file that the server
renders: it may hold placeholders and simple conditions on them, nothing that computes (no
attribute, call, filter, arithmetic or loop: Jinja expressions could reach Python's internals or
build huge strings), and no reference to anything outside the file (an external image or link
would make the PDF renderer fetch an address). Rendering runs in Jinja's sandbox as well."""

from __future__ import annotations

import io
import re
import zipfile

from jinja2 import TemplateSyntaxError, nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment

from rongcuo.cases.errors import InvalidInput
from rongcuo.documents.layout import VARIABLES

_EXTERNAL = re.compile(rb'TargetMode\s*=\s*"External"', re.IGNORECASE)
_ALLOWED = (nodes.Template, nodes.Output, nodes.TemplateData, nodes.If, nodes.Name, nodes.Not)
SIMPLE_ONLY = ("模板中只能使用占位符（如 {{ title }}）和对占位符的简单条件（如 {%p if signed %}…{%p endif %}），"
               "不能含有表达式、函数、过滤器或循环")


def environment() -> ImmutableSandboxedEnvironment:
    """The environment templates render in: sandboxed, autoescaping."""
    return ImmutableSandboxedEnvironment(autoescape=True)


def template_sources(content: bytes) -> list[str]:
    """The Jinja source of every XML part (body, headers, footers, footnotes, properties), with
    docxtpl's own clean-up of tags split across runs."""
    from docxtpl import DocxTemplate

    helper = DocxTemplate(io.BytesIO(content))
    sources = []
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            if name.endswith(".xml"):
                text = archive.read(name).decode("utf-8", errors="replace")
                if "{{" in text or "{%" in text:
                    sources.append(helper.patch_xml(text))
    return sources


def check_references(content: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            if name.endswith(".rels") and _EXTERNAL.search(archive.read(name)):
                raise InvalidInput("template_external", "模板不能引用外部文件或网址（链接的图片、超链接等），请把图片嵌入文档。")


def used_names(content: bytes) -> set[str]:
    """The placeholders the template uses; refuses anything beyond placeholders and simple conditions."""
    env = environment()
    names: set[str] = set()
    for source in template_sources(content):
        try:
            tree = env.parse(source)
        except TemplateSyntaxError:
            raise InvalidInput("template_syntax", "模板中的占位符写法有误：{{ }} 或 {% %} 不完整、不成对，"
                                                  "或条件没有以 {%p endif %} 结束。") from None
        for node in tree.find_all(nodes.Node):
            if not isinstance(node, _ALLOWED):
                raise InvalidInput("template_expression", SIMPLE_ONLY + "。")
            if isinstance(node, nodes.If) and not _simple_test(node.test):
                raise InvalidInput("template_expression", SIMPLE_ONLY + "。")
            if isinstance(node, nodes.Name):
                names.add(node.name)
    return names


def _simple_test(test: nodes.Node) -> bool:
    if isinstance(test, nodes.Not):
        return isinstance(test.node, nodes.Name)
    return isinstance(test, nodes.Name)


def check(content: bytes, required: tuple[str, ...]) -> None:
    """Every check short of rendering: external references, simple tags only, known and required names."""
    check_references(content)
    names = used_names(content)
    unknown = sorted(names - set(VARIABLES))
    if unknown:
        known = "、".join(f"{{{{ {k} }}}}（{v}）" for k, v in VARIABLES.items())
        raise InvalidInput("template_unknown_tags", f"模板中有未知的占位符：{'、'.join(unknown)}。可用的占位符：{known}。")
    missing = [name for name in required if name not in names]
    if missing:
        raise InvalidInput("template_missing_tags", "模板缺少必需的占位符：" + "、".join(
            f"{{{{ {m} }}}}（{VARIABLES[m]}）" for m in missing) + ("；正文须写作 {{p body }}" if "body" in missing else "") + "。")
