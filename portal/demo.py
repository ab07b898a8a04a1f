"""Demo content of the site core: settings and the association pages.

All texts were written for this demo; they describe a fictional but plausible
national association of development zones.
"""

import io

import segno
from django.core.files.base import ContentFile

from portal.models import Page, SiteSettings

PAGES = [
    {
        "slug": "about",
        "title": "协会简介",
        "order": 10,
        "show_in_nav": True,
        "summary": "中国开发区协会是全国开发区及相关机构自愿结成的行业性社会组织。",
        "body": """
<p>中国开发区协会（以下简称“协会”）是由全国各类开发区管理机构、开发运营企业、研究机构及相关单位自愿结成的全国性、行业性、非营利性社会组织，接受业务主管部门的指导和登记管理机关的监督管理。</p>
<p>协会以“服务开发区、服务会员、服务政府”为宗旨，围绕开发区高质量发展开展政策研究、信息交流、人才培训、招商推介和国际合作，努力成为连接政府与园区、园区与企业的桥梁和纽带。</p>
<h2>主要职能</h2>
<ul>
<li>开展开发区发展战略、体制机制和产业政策研究，向有关部门反映会员诉求和建议；</li>
<li>编辑出版会刊《中国开发区》，运营协会网站和新媒体平台，发布行业动态；</li>
<li>组织年会、论坛、专题培训和考察交流，推广园区建设与管理的先进经验；</li>
<li>协助开展开发区综合发展水平评价、统计分析和行业标准制定；</li>
<li>推动开发区之间以及与境外园区、商协会之间的交流合作。</li>
</ul>
<p>目前，协会拥有会员单位六百余家，覆盖全国三十一个省、自治区、直辖市的国家级和省级开发区，并设有若干分会和专业委员会。</p>
""",
    },
    {
        "slug": "charter",
        "title": "协会章程",
        "order": 20,
        "show_in_nav": False,
        "summary": "协会章程摘要：宗旨、业务范围、会员、组织机构与负责人。",
        "body": """
<h2>第一章 总则</h2>
<p>第一条 本会名称为中国开发区协会。</p>
<p>第二条 本会是由全国各类开发区及相关单位自愿结成的全国性、行业性社会团体，是非营利性社会组织。</p>
<p>第三条 本会的宗旨是：遵守宪法、法律、法规和国家政策，践行社会主义核心价值观，遵守社会道德风尚；团结全国开发区力量，促进开发区改革创新和高质量发展。</p>
<h2>第二章 业务范围</h2>
<p>第四条 本会的业务范围包括：政策研究与咨询、信息交流与宣传、教育培训、会展与招商服务、国际交流与合作，以及业务主管部门委托的其他事项。</p>
<h2>第三章 会员</h2>
<p>第五条 本会会员为单位会员。申请加入本会的单位，应当拥护本会章程，有加入本会的意愿，并在本会业务领域内具有一定影响。</p>
<p>第六条 会员享有选举权、被选举权和表决权，参加本会活动，获得本会服务，对本会工作提出批评建议并进行监督。</p>
<h2>第四章 组织机构</h2>
<p>第七条 本会的最高权力机构是会员代表大会，每届五年。理事会是会员代表大会的执行机构，在闭会期间领导本会开展日常工作。</p>
""",
    },
    {
        "slug": "organization",
        "title": "组织机构",
        "order": 30,
        "show_in_nav": False,
        "summary": "会员代表大会、理事会、常务理事会、秘书处及分支机构。",
        "body": """
<p>协会的组织机构由会员代表大会、理事会、常务理事会、秘书处以及分会、专业委员会组成。</p>
<figure class="table"><table><thead><tr><th>机构</th><th>主要职责</th></tr></thead><tbody>
<tr><td>会员代表大会</td><td>制定和修改章程，选举和罢免理事，审议理事会工作报告和财务报告</td></tr>
<tr><td>理事会</td><td>执行会员代表大会决议，决定会员的吸收和除名，领导各机构开展工作</td></tr>
<tr><td>常务理事会</td><td>在理事会闭会期间行使理事会部分职权</td></tr>
<tr><td>秘书处</td><td>负责日常工作，下设综合部、研究部、会员服务部、信息宣传部和《中国开发区》编辑部</td></tr>
<tr><td>分会与专业委员会</td><td>围绕特定园区类型或专业领域开展研究、交流和服务</td></tr>
</tbody></table></figure>
""",
    },
    {
        "slug": "services",
        "title": "协会服务",
        "order": 40,
        "show_in_nav": True,
        "summary": "研究咨询、培训交流、招商推介、会刊宣传等会员服务。",
        "body": """
<h2>研究咨询</h2>
<p>协会组织专家团队，为开发区编制发展规划、产业定位和体制改革方案提供咨询服务，并定期发布行业研究报告。</p>
<h2>培训交流</h2>
<p>每年举办开发区管理干部培训班、招商引资专题研修班和数字园区建设研讨会，组织会员赴先进园区考察学习。</p>
<h2>招商推介</h2>
<p>依托协会年会和各类展会，为会员园区搭建项目推介和产业对接平台，帮助园区与企业、投资机构建立联系。</p>
<h2>宣传推广</h2>
<p>通过会刊《中国开发区》、协会网站和微信公众号，宣传会员园区的发展成就、创新经验和营商环境。</p>
""",
    },
    {
        "slug": "membership",
        "title": "入会指南",
        "order": 50,
        "show_in_nav": False,
        "summary": "申请加入协会的条件、流程和所需材料。",
        "body": """
<h2>入会条件</h2>
<p>依法设立的各类开发区管理机构、开发运营企业，以及与开发区建设发展相关的研究咨询、金融服务等单位，承认协会章程、愿意履行会员义务，均可申请入会。</p>
<h2>办理流程</h2>
<ol>
<li>下载并填写《入会申请表》，加盖单位公章；</li>
<li>将申请表、单位简介和统一社会信用代码证书复印件寄送协会秘书处；</li>
<li>秘书处初审后提交理事会或常务理事会审议；</li>
<li>审议通过后，协会颁发会员证书并在网站公布。</li>
</ol>
""",
    },
    {
        "slug": "contact",
        "title": "联系我们",
        "order": 60,
        "show_in_nav": True,
        "summary": "协会秘书处的地址、电话与电子邮箱。",
        "body": """
<p>欢迎各会员单位和社会各界与协会秘书处联系。</p>
<figure class="table"><table><tbody>
<tr><th>地址</th><td>北京市西城区示例路 88 号协会大厦 6 层</td></tr>
<tr><th>邮编</th><td>100000</td></tr>
<tr><th>综合部</th><td>010-6000 0001</td></tr>
<tr><th>会员服务部</th><td>010-6000 0002</td></tr>
<tr><th>《中国开发区》编辑部</th><td>010-6000 0003（投稿请使用网站“投稿”栏目）</td></tr>
<tr><th>电子邮箱</th><td>office@example.org</td></tr>
</tbody></table></figure>
<p>工作时间：周一至周五 9:00—17:00（法定节假日除外）。</p>
""",
    },
]


def _qr_png(data: str) -> ContentFile:
    out = io.BytesIO()
    segno.make(data, error="m").save(out, kind="png", scale=6, border=2)
    return ContentFile(out.getvalue(), name="wechat-qr.png")


def load(stdout) -> None:
    site = SiteSettings.load()
    if not site.contact_address:
        site.site_name = "中国开发区协会"
        site.description = (
            "中国开发区协会官方网站：开发区动态、政策法规、通知公告与会刊《中国开发区》。"
        )
        site.contact_address = "北京市西城区示例路 88 号协会大厦 6 层"
        site.postcode = "100000"
        site.contact_phone = "010-6000 0001"
        site.contact_email = "office@example.org"
        site.icp_number = "京ICP备00000000号-1"
        site.police_number = "京公网安备 11010200000000号"
        site.wechat_name = "中国开发区协会"
        site.qq_group = "123456789"
        site.copyright = "版权所有 © 中国开发区协会  未经许可不得转载"
        site.wechat_qr = _qr_png("https://example.org/wechat/")
        site.save()
    created = 0
    for data in PAGES:
        _, was_created = Page.objects.get_or_create(slug=data["slug"], defaults=data)
        created += was_created
    stdout.write(f"站点设置与单页：新建 {created} 个单页。")
