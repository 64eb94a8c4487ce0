#!/usr/bin/env python3
"""Derive the machine-made variants of tests/data/stories/ from examples/.

Run from the repository root: python3 tests/data/stories/tools/derive.py
Needs the `opencc` command for the other-script variants.  Each variant is a
feed-archive record (<!--EPOCH_MS-->, [title](url), ------, HTML body) with its
own address; the derivation of each is listed in VARIANTS below and in gold.tsv.
The hand-written documents (independent reports, hard negatives) are not made
here; they live in docs/ as written.
"""
import datetime
import math
import os
import re
import subprocess
import sys

OUT = "tests/data/stories/docs"


def read_record(path):
    """The epoch, title, url and body of an example record (front matter skipped)."""
    text = open(path, encoding="utf-8").read()
    m = re.search(r"<!--(\d+)-->\n\[(.*)\]\((\S+)\)\n------\n", text)
    if not m:
        sys.exit(f"{path}: not a feed-archive record")
    return int(m.group(1)), m.group(2), m.group(3), text[m.end():]


def paragraphs(body):
    """The <p> blocks of a body, in order, as their inner HTML."""
    return re.findall(r"<p>(.*?)</p>", body, flags=re.S)


def is_subhead(p):
    return p.startswith("<strong>") and p.endswith("</strong>") and len(p) < 60


def strip_lead_bold(p):
    # the dongfang lead is wrapped in <strong>; republishers drop it
    if p.startswith("<strong>") and p.endswith("</strong>") and len(p) >= 60:
        return p[len("<strong>"):-len("</strong>")]
    return p


def opencc(text, config):
    """Character conversion only (phrase tables such as tw2sp rename people:
    布林肯 -> 布尔肯, 核心 -> 内核).  s2t writes 阐明了 as 闡明瞭; undone."""
    out = subprocess.run(["opencc", "-c", config], input=text, capture_output=True,
                         text=True, check=True).stdout
    return out.replace("明瞭", "明了") if config.startswith("s2") else out


def iso(epoch_ms):
    t = datetime.datetime.fromtimestamp(epoch_ms / 1000, datetime.timezone.utc)
    return t.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def write_record(name, epoch_ms, title, url, paras, before="", after="", byline=""):
    date = f"<div><i>{byline}<br>{iso(epoch_ms - 10 * 60 * 1000)}</i></div>"
    body = date + before + "".join(f"<p>{p}</p>" for p in paras) + after
    with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
        f.write(f"<!--{epoch_ms}-->\n[{title}]({url})\n------\n\n{body}\n")


def drop_own_footer(paras):
    """Paragraphs without the source outlet's copyright line."""
    return [p for p in paras if not re.match(r"<em>©", p)]


def trim(paras, frac):
    keep = max(2, math.ceil(len(paras) * frac))
    out = paras[:keep]
    while out and is_subhead(out[-1]):
        out.pop()
    return out


def reparagraph(paras):
    """Merge neighbours and split long paragraphs at a sentence end; same words."""
    text = [p for p in paras if not is_subhead(p)]
    out = []
    i = 0
    while i < len(text):
        p = text[i]
        sentences = re.findall(r"[^。]*。|[^。]+$", p)
        if len(sentences) >= 3 and i % 2 == 0:
            half = len(sentences) // 2
            out.append("".join(sentences[:half]))
            out.append("".join(sentences[half:]))
            i += 1
        elif i + 1 < len(text):
            out.append(p + text[i + 1])
            i += 2
        else:
            out.append(p)
            i += 1
    return out


HANT_RELATED = [
    "北韓再射彈道飛彈 日韓譴責",
    "颱風逼近 氣象署發布海上警報",
    "美聯準會維持利率不變",
    "歐盟擬對中國電動車加徵關稅",
]
HANS_RELATED = [
    "欧洲央行宣布降息25个基点",
    "日本首相在国会发表施政演说",
    "东盟外长会议在万象开幕",
    "国际油价连续第三周上涨",
]


def boilerplate(script, outlet, host, related, year):
    """Share bar before; related headlines, promo, editor and copyright after."""
    if script == "hant":
        share = "<div>分享到：<a href=\"#\">Facebook</a> <a href=\"#\">X</a> <a href=\"#\">LINE</a> <a href=\"#\">複製連結</a></div>"
        rel = "<p><strong>相關新聞</strong></p><ul>" + "".join(
            f"<li><a href=\"https://{host}/news/{1000 + i}\">{h}</a></li>" for i, h in enumerate(related)) + "</ul>"
        tail = (f"<p>責任編輯：林冠廷</p><p>【獲取更多RSS】訂閱{outlet}國際新聞頻道，每日掌握最新動態。</p>"
                f"<p><em>© {year} {outlet} 版權所有，轉載請註明出處。</em></p>")
    else:
        share = "<div>分享到：<a href=\"#\">微信</a> <a href=\"#\">微博</a> <a href=\"#\">QQ空间</a> <a href=\"#\">复制链接</a></div>"
        rel = "<p><strong>相关阅读</strong></p><ul>" + "".join(
            f"<li><a href=\"https://{host}/a/{2000 + i}\">{h}</a></li>" for i, h in enumerate(related)) + "</ul>"
        tail = (f"<p>（责任编辑：王思远）</p><p>获取更多RSS：请订阅{outlet}国际频道，每日推送最新资讯。</p>"
                f"<p><em>© {year} {outlet} 版权所有 未经许可不得转载</em></p>")
    return share, rel + tail


def rewrite(paras, lead, swaps):
    """A new lead and a few sentences said in other words; the rest kept."""
    out = [lead] + paras[1:]
    for old, new in swaps:
        hits = [i for i, p in enumerate(out) if old in p]
        if len(hits) != 1:
            sys.exit(f"rewrite: '{old}' found {len(hits)} times")
        out[hits[0]] = out[hits[0]].replace(old, new)
    return out


H = 3600 * 1000
D = 24 * H

# (output name, source example, kind, arguments)
VARIANTS = [
    # --- vienna-2023-05 (01, huaxun, hant)
    ("vienna-2023-hans-othscript.txt", "examples/01-sullivan-wangyi-vienna-2023-hant.txt", "other-script",
     dict(config="t2s.json", url="https://shicheng-news.example.com/world/20230512/sullivan-wang-yi-vienna",
          delay=5 * H)),
    ("vienna-2023-hant-trimmed.txt", "examples/01-sullivan-wangyi-vienna-2023-hant.txt", "trimmed",
     dict(frac=0.5, url="https://nanfeng-daily.example.com/intl/2023/05/12/88231", delay=3 * H)),
    ("vienna-2023-hant-boilerplate.txt", "examples/01-sullivan-wangyi-vienna-2023-hant.txt", "boilerplate",
     dict(script="hant", outlet="港灣日報", host="gangwan.example.com",
          url="https://gangwan.example.com/news/2023-05-12/us-china-talks-vienna", delay=9 * H)),
    # --- blinken-beijing-2023-06 (02, huaxun, hant)
    ("blinken-2023-hans-othscript.txt", "examples/02-blinken-meets-xi-beijing-2023-hant.txt", "other-script",
     dict(config="t2s.json", url="https://huanyu.example.org/zh-cn/2023/06/20/blinken-xi", delay=14 * H)),
    ("blinken-2023-hant-reparagraphed.txt", "examples/02-blinken-meets-xi-beijing-2023-hant.txt", "reparagraphed",
     dict(url="https://haixia.example.net/article/20230620-blinken-xi-jinping", delay=20 * H)),
    # --- yellen-beijing-2023-07 (03, dongfang, hans)
    ("yellen-2023-hant-othscript.txt", "examples/03-yellen-beijing-2023-hans.txt", "other-script",
     dict(config="s2tw.json", url="https://haixia.example.net/article/20230710-yellen-ends-china-trip", delay=18 * H)),
    ("yellen-2023-hans-trimmed.txt", "examples/03-yellen-beijing-2023-hans.txt", "trimmed",
     dict(frac=0.45, url="https://beimei-xinzhi.example.net/news/2023/07/09/yellen-beijing", delay=6 * H)),
    # --- raimondo-beijing-2023-08 (04, chenzhong, hans)
    ("raimondo-2023-hant-othscript.txt", "examples/04-raimondo-beijing-2023-hans.md", "other-script",
     dict(config="s2t.json", url="https://chenzhong.example.org/zh-hant/2023/08/29/raimondo-beijing", delay=20 * 60 * 1000)),
    ("raimondo-2023-hans-reparagraphed.txt", "examples/04-raimondo-beijing-2023-hans.md", "reparagraphed",
     dict(url="https://aohua-voice.example.org/p/2023/08/30/raimondo-wang-wentao-working-group", delay=15 * H)),
    # --- malta-2023-09 (05, chenzhong, hant)
    ("malta-2023-hans-othscript.txt", "examples/05-sullivan-wangyi-malta-2023-hant.md", "other-script",
     dict(config="t2s.json", url="https://chenzhong.example.org/zh-hans/2023/09/18/sullivan-wang-yi-malta", delay=30 * 60 * 1000)),
    ("malta-2023-hans-boilerplate.txt", "examples/05-sullivan-wangyi-malta-2023-hant.md", "boilerplate",
     dict(script="hans", config="t2s.json", outlet="狮城新闻", host="shicheng-news.example.com",
          url="https://shicheng-news.example.com/world/20230918/sullivan-wang-yi-malta-talks", delay=8 * H)),
    # --- filoli-2023-11 (06 huaxun hant, 07 dongfang hans)
    ("filoli-2023-hans-othscript.txt", "examples/06-biden-xi-filoli-2023-hant.txt", "other-script",
     dict(config="t2s.json", url="https://beimei-xinzhi.example.net/news/2023/11/16/biden-xi-filoli-estate", delay=7 * H)),
    ("filoli-2023-hans-trimmed.txt", "examples/07-biden-xi-filoli-2023-hans.txt", "trimmed",
     dict(frac=0.55, url="https://aohua-voice.example.org/p/2023/11/16/biden-xi-woodside", delay=4 * H)),
    ("filoli-2023-hant-boilerplate.txt", "examples/07-biden-xi-filoli-2023-hans.txt", "boilerplate",
     dict(script="hant", config="s2tw.json", outlet="南風日報", host="nanfeng-daily.example.com",
          url="https://nanfeng-daily.example.com/intl/2023/11/16/90412", delay=12 * H)),
    # --- brown-liu-call-2023-12 (08, dongfang, hans)
    ("brownliu-2023-hant-othscript.txt", "examples/08-brown-liu-zhenli-call-2023-hans.txt", "other-script",
     dict(config="s2tw.json", url="https://gangwan.example.com/news/2023-12-22/us-china-top-generals-call", delay=10 * H)),
    ("brownliu-2023-hans-trimmed.txt", "examples/08-brown-liu-zhenli-call-2023-hans.txt", "trimmed",
     dict(frac=0.4, url="https://shicheng-news.example.com/world/20231222/brown-liu-zhenli-video-call", delay=2 * H)),
    ("brownliu-2023-hans-reparagraphed.txt", "examples/08-brown-liu-zhenli-call-2023-hans.txt", "reparagraphed",
     dict(url="https://feedhub.example.net/item/4471903", delay=1 * D)),
    # --- bangkok-2024-01 (10, chenzhong, hans)
    ("bangkok-2024-hant-othscript.txt", "examples/10-sullivan-wangyi-bangkok-2024-hans.txt", "other-script",
     dict(config="s2t.json", url="https://chenzhong.example.org/zh-hant/2024/01/27/sullivan-wang-yi-bangkok", delay=25 * 60 * 1000)),
    ("bangkok-2024-hans-boilerplate.txt", "examples/10-sullivan-wangyi-bangkok-2024-hans.txt", "boilerplate",
     dict(script="hans", outlet="北美新知", host="beimei-xinzhi.example.net",
          url="https://beimei-xinzhi.example.net/news/2024/01/28/sullivan-wang-yi-bangkok", delay=16 * H)),
    # --- austin-dong-call-2024-04 (11, huaxun, hant)
    ("dongcall-2024-hans-othscript.txt", "examples/11-austin-dongjun-video-call-2024-hant.txt", "other-script",
     dict(config="t2s.json", url="https://huanyu.example.org/zh-cn/2024/04/17/austin-dong-jun-video-call", delay=6 * H)),
    ("dongcall-2024-hant-reparagraphed.txt", "examples/11-austin-dongjun-video-call-2024-hant.txt", "reparagraphed",
     dict(url="https://haixia.example.net/article/20240417-austin-dong-jun", delay=9 * H)),
    # --- sld-meeting-2024-05 (12 huaxun hant, 13 dongfang hans, pages)
    ("sld2024-hans-othscript.txt", "examples/12-austin-dongjun-shangri-la-2024-hant.txt", "other-script",
     dict(config="t2s.json", url="https://shicheng-news.example.com/world/20240531/austin-dong-jun-shangri-la", delay=3 * H)),
    ("sld2024-hans-trimmed.txt", "examples/13-austin-dongjun-shangri-la-2024-hans.txt", "trimmed",
     dict(frac=0.6, url="https://feedhub.example.net/item/5120877", delay=5 * H)),
    ("sld2024-hant-boilerplate.txt", "examples/12-austin-dongjun-shangri-la-2024-hant.txt", "boilerplate",
     dict(script="hant", outlet="海峽時報", host="haixia.example.net",
          url="https://haixia.example.net/article/20240601-austin-dong-jun-meeting", delay=11 * H)),
    # --- samsung-chips-2024-04 (14, chenzhong, hant)
    ("samsung-2024-hans-othscript.txt", "examples/14-samsung-austin-texas-2024-hant.txt", "other-script",
     dict(config="t2s.json", url="https://chenzhong.example.org/zh-hans/2024/04/16/samsung-texas-chips", delay=15 * 60 * 1000)),
    ("samsung-2024-hant-trimmed.txt", "examples/14-samsung-austin-texas-2024-hant.txt", "trimmed",
     dict(frac=0.6, url="https://nanfeng-daily.example.com/tech/2024/04/16/77120", delay=5 * H)),
    # --- sullivan-beijing-2024-08 (15 hant, 16 hans, chenzhong)
    ("sullbj-2024-hans-trimmed.txt", "examples/16-sullivan-beijing-2024-hans.md", "trimmed",
     dict(frac=0.5, url="https://aohua-voice.example.org/p/2024/08/30/sullivan-xi-jinping-beijing", delay=9 * H)),
    ("sullbj-2024-hant-reparagraphed.txt", "examples/15-sullivan-beijing-2024-hant.md", "reparagraphed",
     dict(url="https://gangwan.example.com/news/2024-08-30/sullivan-beijing-visit", delay=14 * H)),
    ("sullbj-2024-hant-boilerplate.txt", "examples/15-sullivan-beijing-2024-hant.md", "boilerplate",
     dict(script="hant", outlet="寰宇華報", host="huanyu.example.org",
          url="https://huanyu.example.org/zh-tw/2024/08/30/sullivan-zhang-youxia", delay=1 * D)),
    # --- lima-2024-11 (18, dongfang, hans)
    ("lima-2024-hant-othscript.txt", "examples/18-biden-xi-lima-2024-hans.txt", "other-script",
     dict(config="s2tw.json", url="https://huanyu.example.org/zh-tw/2024/11/17/biden-xi-lima-apec", delay=8 * H)),
    ("lima-2024-hans-trimmed.txt", "examples/18-biden-xi-lima-2024-hans.txt", "trimmed",
     dict(frac=0.45, url="https://shicheng-news.example.com/world/20241117/biden-xi-lima", delay=2 * H)),
]

# Partly rewritten: a new headline, a new lead, a few sentences in other words.
REWRITES = {
    "blinken-2023-hant-rewritten.txt": dict(
        src="examples/02-blinken-meets-xi-beijing-2023-hant.txt",
        url="https://nanfeng-daily.example.com/intl/2023/06/20/81377", delay=16 * H,
        title="習近平人民大會堂接見布林肯 中美高層往來重回軌道",
        lead="（南風日報綜合外電）結束兩天訪問行程前，美國國務卿布林肯（Antony Blinken）6月19日下午在北京人民大會堂獲中國國家主席習近平接見。他是拜登政府上任以來訪問中國的最高層級官員，上一位訪華的美國國務卿要追溯到2018年。",
        swaps=[("他希望布林肯此行能為穩定中美關係發揮積極作用。", "習近平並表示，期盼布林肯這趟訪問能對穩定兩國關係作出正面貢獻。"),
               ("秦剛已接受邀請，將在雙方方便的時候訪問華府。", "中方外長秦剛也答應在雙方都方便的時間回訪華盛頓。"),
               ("他說，美國認為兩軍對話對避免誤判與衝突至關重要，會繼續就此與北京交涉。", "布林肯強調，華府認為軍方之間的對話是防止誤判、避免衝突的關鍵，美方將持續向北京提出這項要求。")]),
    "filoli-2023-hant-rewritten.txt": dict(
        src="examples/06-biden-xi-filoli-2023-hant.txt",
        url="https://haixia.example.net/article/20231116-biden-xi-woodside-summit", delay=8 * H,
        title="拜習會落幕 兩軍熱線重開、聯手打擊芬太尼",
        lead="（海峽時報綜合報導）歷時約4小時的拜習會15日在加州伍德賽德的斐洛利莊園落幕。美國總統拜登與中國國家主席習近平達成共識，恢復中斷已久的兩軍高層溝通，並同意在打擊芬太尼與人工智慧議題上合作。",
        swaps=[("習近平此行主要是出席本週在舊金山舉行的亞太經合會（APEC）領袖會議。", "習近平這趟美國行的主要目的，是出席在舊金山召開的亞太經合會（APEC）領袖會議。"),
               ("拜登在會後記者會上說，兩人同意今後任何一方有疑慮時，都可以直接拿起電話聯絡對方。", "會談結束後，拜登在記者會上表示，他與習近平約定，未來只要任何一方有所顧慮，就直接打電話給對方。")]),
    "dongcall-2024-hant-rewritten.txt": dict(
        src="examples/11-austin-dongjun-video-call-2024-hant.txt",
        url="https://nanfeng-daily.example.com/intl/2024/04/17/95530", delay=12 * H,
        title="奧斯汀、董軍視訊對話 美中防長打破一年半沉默",
        lead="（南風日報綜合報導）美中兩國國防部長16日透過視訊進行通話，美國國防部長奧斯汀（Lloyd Austin）與去年底上任的中國國防部長董軍首度交談，也是雙方防長自2022年11月以後第一次有實質對話。",
        swaps=[("他也重申臺海和平穩定與南海航行自由的重要性，並對中國支持俄羅斯國防工業表達關切。", "奧斯汀同時再度強調臺海和平穩定及南海航行自由的重要，也對北京支持俄羅斯國防工業一事表示憂慮。"),
               ("董軍去年12月29日獲任命為國防部長，接替10月遭免職的李尚福。", "前海軍司令員董軍是在去年12月29日接掌國防部，填補李尚福10月被免職後留下的空缺。")]),
    "sullbj-2024-hans-rewritten.txt": dict(
        src="examples/16-sullivan-beijing-2024-hans.md",
        url="https://beimei-xinzhi.example.net/news/2024/08/30/sullivan-three-day-china-visit", delay=18 * H,
        title="沙利文三天访华行程结束 习近平会见、张又侠会谈",
        lead="（北美新知综合报道）美国白宫国家安全顾问苏利文（Jake Sullivan）8月29日结束三天的访华行程。当天他先后在北京人民大会堂获国家主席习近平会见，并与中央军委副主席张又侠举行会谈。这是美国国家安全顾问八年来首次访问中国。",
        swaps=[("苏利文则表示，美方希望负责任地管理双边关系，避免竞争演变为冲突。", "苏利文回应说，华盛顿希望以负责任的方式管理两国关系，不让竞争升级为冲突。"),
               ("张又侠是中国军队中地位最高的将领之一。", "身为军委副主席，张又侠是解放军中排名最靠前的将领之一。")]),
    "lima-2024-hans-rewritten.txt": dict(
        src="examples/18-biden-xi-lima-2024-hans.txt",
        url="https://aohua-voice.example.org/p/2024/11/17/biden-xi-apec-lima-last-meeting", delay=10 * H,
        title="拜习利马会面或为任内最后一次 双方同意核武决定由人掌控",
        lead="（澳华之声综合报道）在秘鲁首都利马出席亚太经合组织（APEC）领导人会议的美国总统拜登与中国国家主席习近平，当地时间11月16日举行双边会晤。拜登将于明年1月卸任，外界认为这可能是两人在他任内最后一次见面。",
        swaps=[("白宫会后发表声明说，两国元首确认有必要由人类而非人工智能掌控使用核武器的决定，并同意审慎、负责任地发展军事领域的人工智能技术。",
                "白宫在会后的声明中指出，两位领导人一致认为，是否动用核武器应由人类而不是人工智能来决定，双方也同意以审慎和负责任的态度发展军用人工智能。"),
               ("美国当选总统特朗普（Donald Trump）将于明年1月20日就职。", "赢得本月大选的特朗普（Donald Trump）定于明年1月20日宣誓就职。")]),
}


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, src, kind, a in VARIANTS:
        epoch, title, _, body = read_record(src)
        paras = [strip_lead_bold(p).replace("\n", " ") for p in drop_own_footer(paragraphs(body))]
        before = after = ""
        if kind == "trimmed":
            paras = trim(paras, a["frac"])
        elif kind == "reparagraphed":
            paras = reparagraph(paras)
        elif kind == "boilerplate":
            year = iso(epoch)[:4]
            related = HANT_RELATED if a["script"] == "hant" else HANS_RELATED
            before, after = boilerplate(a["script"], a["outlet"], a["host"], related, year)
        record = "\n".join([title] + paras)
        if "config" in a:
            record = opencc(record, a["config"])
        title, *paras = record.rstrip("\n").split("\n")
        write_record(name, epoch + a["delay"], title, a["url"], paras, before, after)
    for name, r in REWRITES.items():
        epoch, _, _, body = read_record(r["src"])
        paras = [strip_lead_bold(p) for p in drop_own_footer(paragraphs(body))]
        write_record(name, epoch + r["delay"], r["title"], r["url"], rewrite(paras, r["lead"], r["swaps"]))


if __name__ == "__main__":
    main()
