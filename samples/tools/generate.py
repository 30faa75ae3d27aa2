#!/usr/bin/env python3
"""Writes samples/data/*.json: the sample installed base the host loads (seed-samples, or on first start in Development).

Deterministic (fixed seed): run it again and the files come out the same. The data is plain JSON afterwards; edit it by
hand if you like, the loader reads whatever is there. Names, cities and products are invented.
"""
import json
import os
import random
from datetime import date, timedelta

rng = random.Random(20261125)
out = os.path.join(os.path.dirname(__file__), "..", "data")

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "霞", "平",
         "刚", "桂英", "建华", "志强", "晓东", "丹", "玉兰", "海燕", "建国", "文博", "子涵", "雨桐", "浩然", "欣怡", "思远", "梓萱"]
EN_FIRST = ["James", "Emma", "Oliver", "Sophia", "Lucas", "Mia", "Henry", "Amelia", "Daniel", "Chloe", "Thomas", "Grace"]
EN_LAST = ["Smith", "Miller", "Walker", "Turner", "Hughes", "Baker", "Clarke", "Harris", "Morgan", "Evans"]
CO_WORDS = ["华东", "申城", "浦江", "金桥", "东方", "恒信", "宏达", "瑞丰", "中泰", "新纪元", "万嘉", "锦程", "天成", "鼎盛"]
CO_KINDS = ["酒店管理有限公司", "物业管理有限公司", "餐饮管理有限公司", "科技有限公司", "医院", "实验学校", "商贸有限公司", "置业有限公司"]
EN_CO = ["Harbour View Hotel Ltd", "Bund Serviced Apartments", "Pearl River Dental Clinic", "Sunrise International School",
         "Lotus Spa & Wellness", "Golden Gate Trading Co.", "Maple Leaf Bakery", "Bluewater Fitness Club"]

REGIONS = {
    "Shanghai": ("上海", ["上海"], ["浦东新区", "徐汇区", "闵行区", "静安区", "杨浦区", "宝山区"]),
    "Jiangsu": ("江苏", ["苏州", "南京", "无锡"], ["姑苏区", "鼓楼区", "梁溪区", "工业园区"]),
    "Zhejiang": ("浙江", ["杭州", "宁波"], ["西湖区", "滨江区", "鄞州区", "拱墅区"]),
    "Beijing": ("北京", ["北京"], ["朝阳区", "海淀区", "东城区", "丰台区"]),
    "Guangdong": ("广东", ["广州", "深圳"], ["天河区", "南山区", "越秀区", "福田区"]),
}
REGION_WEIGHTS = [("Shanghai", 40), ("Jiangsu", 18), ("Zhejiang", 17), ("Beijing", 12), ("Guangdong", 13)]
STREETS = ["张江路", "淮海中路", "南京西路", "世纪大道", "人民路", "解放路", "中山路", "建设路", "文化路", "滨江大道"]

MODELS = [
    ("KF-35GW/A1", "分体挂壁式空调 1.5匹 / Split wall AC 3.5 kW", "air-conditioner", 12, 6, ["AC-FILTER-35", "AC-CAP-35UF", "TS-10K", "AC-FAN-MOTOR-20W"]),
    ("KFR-72LW/B3", "立柜式空调 3匹 / Floor-standing AC 7.2 kW", "air-conditioner", 12, 6, ["AC-FILTER-72", "AC-CAP-45UF", "TS-10K", "AC-COMP-72"]),
    ("XQG100-B14", "滚筒洗衣机 10kg / Front-loading washer 10 kg", "washing-machine", 12, None, ["WM-PUMP-30W", "WM-GASKET-10", "WM-BELT-1270", "WM-INLET-VALVE"]),
    ("BCD-520WK", "对开门冰箱 520L / Side-by-side refrigerator 520 L", "refrigerator", 24, None, ["RF-THERMISTOR", "RF-DOOR-SEAL", "RF-FAN-12V", "RF-DEFROST-HEATER"]),
    ("JSQ25-13E", "燃气热水器 13L / Gas water heater 13 L", "water-heater", 36, 12, ["WH-IGNITER", "WH-FLOW-SENSOR", "WH-FAN-13L"]),
    ("DSZF-60S", "储水式电热水器 60L / Electric storage water heater 60 L", "water-heater", 36, 12, ["WH-ANODE-60", "WH-ELEMENT-2KW", "WH-THERMOSTAT"]),
    ("WQP12-7635", "嵌入式洗碗机 13套 / Built-in dishwasher 13 place settings", "dishwasher", 12, None, ["DW-GASKET-45", "DW-PUMP-DRAIN", "DW-SPRAY-ARM"]),
    ("CXW-260-E900", "侧吸式油烟机 / Side-draft range hood", "range-hood", 12, 12, ["RH-MOTOR-260", "RH-OIL-CUP", "RH-SWITCH-PANEL"]),
]
PART_NAMES = {
    "AC-FILTER-35": ("空调滤网 35 / AC filter 35", 18), "AC-FILTER-72": ("空调滤网 72 / AC filter 72", 26),
    "AC-CAP-35UF": ("压缩机电容 35µF / Compressor capacitor 35 µF", 45), "AC-CAP-45UF": ("压缩机电容 45µF / Compressor capacitor 45 µF", 52),
    "TS-10K": ("盘管温度传感器 10K / Coil temperature sensor 10K", 32), "AC-FAN-MOTOR-20W": ("室内风机电机 20W / Indoor fan motor 20 W", 168),
    "AC-COMP-72": ("压缩机 7.2kW / Compressor 7.2 kW", 1850), "WM-PUMP-30W": ("排水泵 30W / Drain pump 30 W", 86.5),
    "WM-GASKET-10": ("门封圈 / Door gasket", 128), "WM-BELT-1270": ("皮带 1270J / Drive belt 1270J", 39),
    "WM-INLET-VALVE": ("进水阀 / Inlet valve", 58), "RF-THERMISTOR": ("冷藏温控探头 / Fridge thermistor", 28),
    "RF-DOOR-SEAL": ("冰箱门封条 / Door seal", 96), "RF-FAN-12V": ("冷冻风扇 12V / Freezer fan 12 V", 75),
    "RF-DEFROST-HEATER": ("化霜加热管 / Defrost heater", 88), "WH-IGNITER": ("脉冲点火器 / Pulse igniter", 68),
    "WH-FLOW-SENSOR": ("水流传感器 / Flow sensor", 55), "WH-FAN-13L": ("风机 13L / Flue fan 13 L", 210),
    "WH-ANODE-60": ("镁棒 / Magnesium anode", 35), "WH-ELEMENT-2KW": ("加热管 2kW / Heating element 2 kW", 120),
    "WH-THERMOSTAT": ("温控器 / Thermostat", 48), "DW-GASKET-45": ("洗碗机门封条 / Dishwasher door gasket", 72),
    "DW-PUMP-DRAIN": ("洗碗机排水泵 / Dishwasher drain pump", 145), "DW-SPRAY-ARM": ("喷淋臂 / Spray arm", 66),
    "RH-MOTOR-260": ("油烟机电机 / Range hood motor", 320), "RH-OIL-CUP": ("油杯 / Oil cup", 12), "RH-SWITCH-PANEL": ("触控面板 / Touch panel", 155),
}


def pick_region():
    total = sum(w for _, w in REGION_WEIGHTS)
    n = rng.randrange(total)
    for region, w in REGION_WEIGHTS:
        if n < w:
            return region
        n -= w


def phone():
    return "1" + rng.choice("3578") + "".join(rng.choice("0123456789") for _ in range(9))


def address(region, label, default):
    province, cities, districts = REGIONS[region]
    city = rng.choice(cities)
    line = f"{rng.choice(STREETS)}{rng.randint(1, 999)}号{rng.randint(1, 30)}栋{rng.randint(101, 2806)}室"
    return {"label": label, "province": province, "city": city, "district": rng.choice(districts), "line": line,
            "postalCode": None, "default": default}


def customers():
    result = []
    for n in range(1, 221):
        region = pick_region()
        code = f"C-{n:05d}"
        kind = "Person"
        if n % 11 == 0:
            name, kind = EN_CO[(n // 11) % len(EN_CO)] + ("" if n < 100 else f" ({REGIONS[region][0]})"), "Company"
        elif n % 5 == 0:
            name, kind = REGIONS[region][1][0] + rng.choice(CO_WORDS) + rng.choice(CO_KINDS), "Company"
        elif n % 13 == 0:
            name = f"{rng.choice(EN_FIRST)} {rng.choice(EN_LAST)}"
        else:
            name = rng.choice(SURNAMES) + rng.choice(GIVEN)
        tier = rng.choices(["Standard", "Silver", "Gold", "Vip"], [60, 22, 12, 6])[0]
        if kind == "Company":
            tier = rng.choice(["Silver", "Gold", "Vip"])
        contacts = [{"name": name if kind == "Person" else rng.choice(SURNAMES) + rng.choice(GIVEN), "phone": phone(),
                     "email": None, "role": None if kind == "Person" else "设备主管 / Facilities", "primary": True}]
        if kind == "Company":
            contacts.append({"name": rng.choice(SURNAMES) + rng.choice(GIVEN), "phone": phone(), "email": None,
                             "role": "前台 / Front desk", "primary": False})
        addresses = [address(region, "家 / Home" if kind == "Person" else "总部 / Head office", True)]
        if rng.random() < 0.15:
            addresses.append(address(region, "公司 / Office" if kind == "Person" else "分店 / Branch", False))
        blacklisted = n in (37, 118, 203)
        result.append({
            "code": code, "name": name, "kind": kind, "phone": contacts[0]["phone"],
            "email": f"service{n:03d}@example.com" if kind == "Company" else None,
            "region": region, "province": addresses[0]["province"], "city": addresses[0]["city"],
            "group": "G-" + {"Shanghai": "EAST", "Jiangsu": "EAST", "Zhejiang": "EAST", "Beijing": "NORTH", "Guangdong": "SOUTH"}[region],
            "tier": tier, "blacklisted": blacklisted,
            "blacklistReason": ["多次恶意投诉并拒付上门费 / Repeated abusive complaints, refused to pay call-out fees",
                                "威胁维修人员 / Threatened a technician", "伪造购买凭证 / Forged proof of purchase"][(n % 3)] if blacklisted else None,
            "loyaltyPoints": rng.randrange(0, 5000, 10), "contacts": contacts, "addresses": addresses,
        })
    return result


def installed(customers_):
    result = []
    start = date(2022, 6, 1)
    for n in range(1, 541):
        model = rng.choices(MODELS, [22, 10, 16, 12, 10, 10, 8, 6])[0]
        owner = rng.choice(customers_)
        sale = start + timedelta(days=rng.randrange(0, 1600))
        accepted = sale + timedelta(days=rng.randint(0, 12)) if model[2] in ("air-conditioner", "water-heater", "range-hood", "dishwasher") else None
        prefix = model[0].split("-")[0].replace("/", "")
        fields = [None] * 5
        if model[2] == "air-conditioner":
            fields[0] = f"OU{rng.randint(10000000, 99999999)}"  # outdoor unit serial
            fields[1] = rng.choice(["R32", "R410A"])
        elif model[2] == "water-heater" and model[0].startswith("JSQ"):
            fields[1] = rng.choice(["天然气 12T / Natural gas", "液化气 20Y / LPG"])
        exclusions = []
        if n in (17, 233, 401):
            exclusions = ["Misuse"]
        elif n in (88, 512):
            exclusions = ["UnauthorisedRepair"]
        result.append({
            "serialNumber": f"{prefix}{sale.year % 100:02d}{n:06d}", "model": model[0], "customer": owner["code"],
            "siteAddress": owner["addresses"][0]["city"] + owner["addresses"][0]["line"],
            "saleDate": sale.isoformat(), "acceptanceDate": accepted.isoformat() if accepted else None,
            "customField1": fields[0], "customField2": fields[1], "exclusions": exclusions,
        })
    return result


def contracts(customers_, products):
    result = []
    companies = [c for c in customers_ if c["kind"] == "Company"][:32]
    for n, company in enumerate(companies, start=1):
        begin = date(2025, 1, 1) + timedelta(days=30 * rng.randint(0, 18))
        level = rng.choice(["Basic", "Standard", "Premium"])
        coverage = ["Labour", "PreventiveMaintenance"] + (["Parts", "Travel"] if level != "Basic" else []) \
            + (["ExtendedWarranty"] if level == "Premium" else [])
        owned = [p["serialNumber"] for p in products if p["customer"] == company["code"]]
        result.append({
            "code": f"SC-{begin.year}-{n:03d}", "customer": company["code"], "level": level, "coverage": coverage,
            "startDate": begin.isoformat(), "endDate": (begin.replace(year=begin.year + 2) - timedelta(days=1)).isoformat(),
            "products": owned[:6],
            "pmPlan": {"intervalMonths": rng.choice([3, 6, 12]),
                       "checklist": "清洗滤网 / Clean filters\n检查排水 / Check drainage\n测量电流 / Measure current\n检查冷媒压力 / Check refrigerant pressure"},
        })
    return result


TEAMS = [
    {"code": "T-EAST-AC", "name": "华东空调热水组 / East AC & water heaters", "productLines": ["air-conditioner", "water-heater", "range-hood"],
     "regions": ["Shanghai", "Jiangsu", "Zhejiang"], "leadCode": "E001"},
    {"code": "T-EAST-WB", "name": "华东白电组 / East white goods", "productLines": ["washing-machine", "refrigerator", "dishwasher"],
     "regions": ["Shanghai", "Jiangsu", "Zhejiang"], "leadCode": "E005"},
    {"code": "T-NS", "name": "华北华南综合组 / North & South all lines",
     "productLines": ["air-conditioner", "water-heater", "range-hood", "washing-machine", "refrigerator", "dishwasher"],
     "regions": ["Beijing", "Guangdong"], "leadCode": "N001"},
]
TECHNICIANS = [
    ("E001", "王建国", "T-EAST-AC", ["refrigerant", "electrical", "gas"], []),
    ("E002", "李志强", "T-EAST-AC", ["refrigerant", "electrical"], ["Shanghai"]),
    ("E003", "陈晓东", "T-EAST-AC", ["gas", "electrical"], ["Jiangsu", "Zhejiang"]),
    ("E004", "Tom Baker", "T-EAST-AC", ["refrigerant", "english"], ["Shanghai"]),
    ("E005", "刘海燕", "T-EAST-WB", ["electrical", "plumbing"], []),
    ("E006", "周浩然", "T-EAST-WB", ["refrigerant", "electrical"], ["Shanghai", "Jiangsu"]),
    ("E007", "吴思远", "T-EAST-WB", ["plumbing"], ["Zhejiang"]),
    ("N001", "赵文博", "T-NS", ["refrigerant", "electrical", "gas", "plumbing"], ["Beijing"]),
    ("N002", "黄子涵", "T-NS", ["electrical", "plumbing"], ["Guangdong"]),
    ("N003", "Grace Morgan", "T-NS", ["refrigerant", "gas", "english"], ["Guangdong"]),
]


def main():
    os.makedirs(out, exist_ok=True)
    cs = customers()
    ps = installed(cs)
    groups = [
        {"code": "G-EAST", "name": "华东区 / East", "kind": "Region", "owner": None},
        {"code": "G-NORTH", "name": "华北区 / North", "kind": "Region", "owner": None},
        {"code": "G-SOUTH", "name": "华南区 / South", "kind": "Region", "owner": None},
        {"code": "G-KA-WANG", "name": "王敏的大客户 / Key accounts of Wang Min", "kind": "Salesperson", "owner": "王敏"},
    ]
    models = [{"modelCode": m[0], "name": m[1], "productLine": m[2], "warrantyMonths": m[3], "pmIntervalMonths": m[4],
               "spareParts": m[5]} for m in MODELS]
    parts = [{"partNumber": p, "name": n, "productLine": next(m[2] for m in MODELS if p in m[5]), "unitPrice": price,
              "safetyStock": 2, "minStock": 5, "maxStock": 60} for p, (n, price) in PART_NAMES.items()]
    warehouses = [{"code": "WH-SH", "name": "上海中心仓 / Shanghai central warehouse", "region": "Shanghai",
                   "address": "上海市闵行区莘庄工业区春东路 508 号"},
                  {"code": "WH-GZ", "name": "广州仓 / Guangzhou warehouse", "region": "Guangdong",
                   "address": "广州市白云区太和镇永兴村工业路 12 号"}]
    stock = []
    for p in parts:
        for wh in ("WH-SH", "WH-GZ"):
            stock.append({"kind": "Receive", "partNumber": p["partNumber"], "quantity": rng.randint(8, 40), "warehouse": wh,
                          "reference": f"GRN-2026-{len(stock) + 1:04d}"})
    for code, _, team, _, _ in TECHNICIANS:
        lines = next(t["productLines"] for t in TEAMS if t["code"] == team)
        warehouse = "WH-GZ" if code.startswith("N") else "WH-SH"
        for p in rng.sample([p for p in parts if p["productLine"] in lines], 4):
            stock.append({"kind": "IssueToTechnician", "partNumber": p["partNumber"], "quantity": rng.randint(1, 3),
                          "warehouse": warehouse, "technician": code, "reference": f"ISS-{code}"})
    technicians = [{"code": c, "name": n, "team": t, "skills": s, "regions": r, "phone": phone()} for c, n, t, s, r in TECHNICIANS]
    files = {"customer-groups": groups, "customers": cs, "product-models": models, "installed-products": ps,
             "service-contracts": contracts(cs, ps), "teams": TEAMS, "technicians": technicians, "parts": parts,
             "warehouses": warehouses, "stock-movements": stock}
    for name, data in files.items():
        with open(os.path.join(out, f"{name}.json"), "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False, indent=1)
            f.write("\n")
        print(f"{name}: {len(data)}")


if __name__ == "__main__":
    main()
