"""Demo messages with the association's replies, and a few submissions under review.

Every text was written for this demo. Rows carry fixed codes, so running it again
changes nothing.
"""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from submissions.models import Message, Submission, SubmissionAttachment
from submissions.storage import PrivateStorage

# (code suffix, name, e-mail, subject, question, reply, days ago asked, days ago answered)
ANSWERED = [
    (
        "A2B3C",
        "王建国",
        "wang.jg@example.com",
        "我单位想加入协会，需要什么条件？",
        "我们是西部一家省级经济开发区的管委会，想申请成为协会会员，请问入会需要满足哪些条件，提交哪些材料？",
        "您好！依法设立的各类开发区管理机构均可申请入会。请登录网站“协会服务—入会指南”下载《入会申请表》，"
        "填写并加盖公章后，连同单位简介和统一社会信用代码证书复印件一并寄送协会秘书处会员服务部。\n\n"
        "秘书处初审后提交理事会审议，通过后颁发会员证书。如有疑问，可致电会员服务部 010-6000 0002。",
        40,
        38,
    ),
    (
        "D4E5F",
        "李秀兰",
        "",
        "会费标准是多少？可以开发票吗？",
        "想了解一下单位会员每年的会费标准，以及缴费后能否开具增值税普通发票。",
        "您好！会费标准按协会会员代表大会通过的《会费管理办法》执行，理事单位、常务理事单位和一般会员单位标准不同，"
        "具体金额请向会员服务部索取文件。缴纳会费后，协会开具社会团体会费票据，可作为报销凭证。",
        36,
        35,
    ),
    (
        "G6H7J",
        "张伟",
        "zhangwei@example.net",
        "怎样订阅《中国开发区》杂志？",
        "我在园区招商部门工作，想个人订阅《中国开发区》，请问有没有电子版？一年多少期？",
        "您好！《中国开发区》为月刊，全年 12 期。纸质版可通过当地邮局订阅，也可直接联系编辑部办理全年订阅；"
        "会员单位每期赠阅两册。电子版目前在网站“中国开发区”栏目按期提供目录和部分文章的 PDF 阅读。",
        33,
        31,
    ),
    (
        "K8M9N",
        "陈静",
        "chenjing@example.org",
        "过刊能否补订？",
        "我们资料室缺少去年第 3 期到第 6 期的杂志，请问还能补订吗？",
        "您好！去年各期尚有少量库存，可以补订。请将需要的期号、数量和收件地址发送至编辑部邮箱，我们核对库存后与您联系。",
        30,
        29,
    ),
    (
        "P2Q3R",
        "刘洋",
        "",
        "国家级经开区的统计数据在哪里查？",
        "我在写一篇关于中西部国家级经济技术开发区发展的论文，需要近几年的主要经济指标，请问协会网站有没有公开的数据？",
        "您好！国家级经济技术开发区的主要经济指标由商务主管部门定期发布，可在其官方网站查询。"
        "协会每年编写的《开发区发展报告》也收录了分区域的汇总数据，会员单位可向研究部索取；"
        "用于学术研究的，请发送单位介绍信和研究说明至研究部邮箱。",
        27,
        25,
    ),
    (
        "S4T5U",
        "赵敏",
        "zhaomin@example.com",
        "开发区名录多久更新一次？",
        "网站上的开发区名录里，我们园区的管委会电话已经变了，请问怎么更正？",
        "您好！开发区名录每季度集中更新一次，日常发现的错误也会随时更正。请由园区管委会办公室将更正内容"
        "（盖章的情况说明即可）发送至信息宣传部邮箱，我们核实后一周内更新。",
        24,
        22,
    ),
    (
        "V6W7X",
        "孙丽",
        "sunli@example.net",
        "年会什么时候报名？",
        "听说今年的协会年会在下半年召开，请问什么时候开始报名？非会员单位可以参加吗？",
        "您好！年会通知将在会议召开前约两个月于网站“通知公告”栏目发布，届时可在线报名。"
        "非会员单位也可参会，需按通知缴纳会务费。欢迎关注协会微信公众号获取最新消息。",
        20,
        19,
    ),
    (
        "Y8Z2A",
        "周强",
        "",
        "培训班能否到我们园区来办？",
        "我们园区新入职的招商人员较多，想请协会组织一期招商业务培训，请问可以送培训上门吗？",
        "您好！协会可以根据园区需求定制培训，课程包括招商政策、产业链招商、项目评估等。"
        "请与秘书处培训部联系，说明参训人数、时间和希望的课程内容，我们会提出方案和报价。",
        18,
        16,
    ),
    (
        "B3C4D",
        "吴芳",
        "wufang@example.com",
        "投稿被采用后有稿酬吗？",
        "想问一下，给网站和杂志投稿，采用后会不会有稿酬？大概多久能知道结果？",
        "您好！会刊采用的稿件按编辑部标准支付稿酬，网站转载的稿件一般不另付稿酬。"
        "投稿后通常在 15 个工作日内给出审稿结果，您可以凭查询码在“投稿查询”页查看。",
        14,
        13,
    ),
    (
        "E5F6G",
        "郑磊",
        "",
        "网站的字太小，老年人看不清",
        "我父亲退休前在开发区工作，现在常看协会网站，但觉得字有点小，能不能调大？",
        "您好，感谢您的建议！网站页面顶部有“字号 大/中/小”按钮和“适老化模式”，"
        "点“适老化模式”后文字更大、对比度更高，网站会记住您的选择。欢迎继续提出意见。",
        10,
        9,
    ),
    (
        "H7J8K",
        "冯雪",
        "fengxue@example.org",
        "能否提供开发区条例的汇编？",
        "我们正在起草地方开发区条例，想参考其他省份已经出台的条例，协会有没有汇编材料？",
        "您好！协会研究部整理了已出台的省级开发区条例和相关政策文件汇编，会员单位可免费索取电子版。"
        "请以单位名义发邮件至研究部说明用途。",
        7,
        6,
    ),
    (
        "M9N2P",
        "韩冬",
        "handong@example.com",
        "考察交流活动怎么参加？",
        "看到协会组织过赴沿海园区的考察交流，我们想报名参加下一次活动，需要什么手续？",
        "您好！考察交流活动的通知会在“通知公告”栏目和会员群发布，会员单位按通知回执报名即可。"
        "名额有限，按报名先后确定，请留意近期通知。",
        4,
        2,
    ),
]

PENDING = [
    (
        "Q3R4S",
        "黄蕾",
        "13800000001",
        "",
        "园区企业能否单独入会？",
        "我们是园区内的一家制造企业，能否以企业身份加入协会？",
    ),
    (
        "T5U6V",
        "杨帆",
        "",
        "yangfan@example.com",
        "杂志邮寄地址变更",
        "我单位地址变了，赠阅的杂志请改寄新地址，应当怎样办理？",
    ),
    (
        "W7X8Y",
        "何平",
        "010-60001234",
        "",
        "网站有英文版吗？",
        "我们要向外商介绍国内开发区，请问网站是否有英文页面或英文资料？",
    ),
]

SUBMISSIONS = [
    (
        "TG-DEMO2-AAAAA-BBBBB-CCCCC",
        "数字化招商平台建设的三点体会",
        "马超",
        "某省级高新区招商服务中心",
        "mac@example.com",
        Submission.Status.RECEIVED,
        "",
    ),
    (
        "TG-DEMO3-DDDDD-EEEEE-FFFFF",
        "老旧工业园区更新改造的实践与思考",
        "林海",
        "某国家级经开区规划建设局",
        "linhai@example.org",
        Submission.Status.REVIEWING,
        "稿件已转编辑审阅，预计两周内答复。",
    ),
    (
        "TG-DEMO4-GGGGG-HHHHH-JJJJJ",
        "园区“标准地”改革一年来的变化",
        "许晴",
        "某市经济开发区管委会",
        "xuqing@example.net",
        Submission.Status.ACCEPTED,
        "稿件已采用，拟刊发于下一期会刊“经验交流”栏目，编辑将与您联系核对稿酬信息。",
    ),
    (
        "TG-DEMO5-KKKKK-MMMMM-NNNNN",
        "关于园区招商的一点意见",
        "宋杰",
        "个人",
        "songjie@example.com",
        Submission.Status.REJECTED,
        "感谢投稿。稿件篇幅较短、论述尚不充分，暂不采用，欢迎补充案例后再投。",
    ),
]


def demo_pdf(title: str) -> bytes:
    """A tiny valid one-page PDF (ASCII text only: no fonts to embed)."""
    text = title.encode("ascii", "replace").decode()
    stream = f"BT /F1 14 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


def load(stdout) -> None:
    now = timezone.now()
    day = timezone.localdate().strftime("%Y%m%d")
    created = 0
    for suffix, name, email, subject, content, reply, asked, answered in ANSWERED:
        if Message.objects.filter(code__endswith=suffix, code__startswith="LY").exists():
            continue
        message = Message.objects.create(
            code=f"LY{day}{suffix}",
            name=name,
            email=email,
            phone="" if email else "13900000000",
            subject=subject,
            content=content,
            reply=reply,
            status=Message.Status.PUBLISHED,
            replied_at=now - timedelta(days=answered),
        )
        Message.objects.filter(pk=message.pk).update(created_at=now - timedelta(days=asked))
        created += 1
    for suffix, name, phone, email, subject, content in PENDING:
        if Message.objects.filter(code__endswith=suffix, code__startswith="LY").exists():
            continue
        Message.objects.create(
            code=f"LY{day}{suffix}",
            name=name,
            phone=phone,
            email=email,
            subject=subject,
            content=content,
        )
        created += 1

    storage = PrivateStorage()
    made = 0
    for code, title, author, org, email, status, note in SUBMISSIONS:
        if Submission.objects.filter(tracking_code=code).exists():
            continue
        submission = Submission.objects.create(
            tracking_code=code,
            title=title,
            author=author,
            organization=org,
            email=email,
            section=Submission.Section.EXPERIENCE,
            body="（正文见附件。）",
            consent_at=now,
            status=status,
            editor_note=note,
            reviewed_at=now if status != Submission.Status.RECEIVED else None,
        )
        pdf = demo_pdf(f"Demo submission {code}")
        name = storage.save(f"submissions/demo/{code.lower()}.pdf", ContentFile(pdf))
        SubmissionAttachment.objects.create(
            submission=submission,
            file=name,
            original_name=f"{title}.pdf",
            kind="pdf",
            content_type="application/pdf",
            size=len(pdf),
        )
        made += 1
    stdout.write(f"留言与投稿：新建 {created} 条留言、{made} 篇投稿。")
