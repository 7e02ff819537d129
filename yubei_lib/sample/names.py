"""The names of the synthetic projects, investors, parks, units and leaders, in English and Chinese.

Everything here is invented; a district's ledger names its projects in Chinese
(``project_name``), with the English name beside it (``project_name_en``).
"""

BRAND = (["Hua", "Jin", "Tian", "Xin", "Rui", "Heng", "Long", "Bo", "Kai", "Zhong", "Yu", "Chang",
           "Feng", "Hong", "Jia", "Ming", "Sheng", "Tai", "Wei", "Yuan"],
          ["xin", "tai", "rui", "da", "sheng", "yu", "hang", "feng", "chuang", "neng", "tong",
           "yuan", "hua", "cheng", "xiang", "kang", "bang", "lian", "jie", "ke"])
FOREIGN_BRAND = ["Norvale", "Altmark", "Kestrova", "Brenwick", "Solvana", "Tessaro", "Veldran",
                  "Orlinda", "Quenmar", "Halvik", "Corvena", "Dunmere"]
WORKS = {  # chain segment -> what a project builds
    "chips": "Chip Packaging Plant|IC Design Center",
    "LCD panels": "Display Panel Line|Display Module Plant",
    "intelligent terminals": "Smartphone Assembly Base|Smart Wearables Plant",
    "core components": "Precision Components Plant|Sensor Manufacturing Base",
    "IoT": "IoT Module Plant|Connected Devices Center",
    "cloud": "Cloud Computing Center|Cloud Services Platform",
    "network": "5G Network Lab|Network Equipment Center",
    "big data": "Big Data Center|Data Exchange Platform",
    "computing": "AI Computing Center|Supercomputing Platform",
    "applications": "Software Park|Industrial App Center",
    "headquarters": "Regional Headquarters|Southwest Headquarters",
    "finance": "Financial Services Center|Fintech Center",
    "professional services": "Consulting Center|Legal and Audit Services Hub",
    "commerce and exhibition": "Exhibition Center|Convention Complex",
    "automobile consumption": "Auto Experience Center|New Energy Vehicle Showroom",
    "digital creativity": "Digital Creative Park|Animation Studio",
    "airport business": "Airport Commercial Complex|Duty-free Plaza",
    "international trade": "Import Trade Center|Cross-border E-commerce Hub",
    "headquarters settlement": "Settlement Center|Trade Settlement Headquarters",
    "supply chain finance": "Supply Chain Finance Platform|Factoring Center",
    "warehousing": "Cold-chain Warehouse|Smart Warehousing Base",
    "express delivery": "Express Sorting Center|Air Express Hub",
    "aviation bonded": "Bonded Maintenance Base|Bonded Processing Plant",
    "": "Advanced Materials Plant|Equipment Manufacturing Base|Food Processing Plant|"
        "Biomedicine Park|Cultural Tourism Resort|Commercial Complex"}
#: The Chinese of the names above, as a district's ledger writes them (English: ``project_name_en``).
BRAND_ZH = ("华金天鑫瑞恒隆博凯中宇昌丰宏嘉明盛泰威远", "信泰睿达晟域航峰创能通源华诚祥康邦联捷科")
TRADE_ZH = {"smart terminals": "电子", "software and information services": "软件",
             "Liangjiang International Business Center": "控股", "modern consumption corridor": "商贸",
             "aviation logistics": "物流"}
WORKS_ZH = {
    "chips": "芯片封装厂|集成电路设计中心", "LCD panels": "显示面板生产线|显示模组工厂",
    "intelligent terminals": "智能手机生产基地|智能穿戴设备工厂", "core components": "精密元器件工厂|传感器制造基地",
    "IoT": "物联网模组工厂|智能互联设备中心", "cloud": "云计算中心|云服务平台", "network": "5G网络实验室|网络设备中心",
    "big data": "大数据中心|数据交易平台", "computing": "人工智能算力中心|超算平台", "applications": "软件园|工业应用中心",
    "headquarters": "区域总部|西南总部", "finance": "金融服务中心|金融科技中心",
    "professional services": "咨询服务中心|法律审计服务中心", "commerce and exhibition": "会展中心|会议综合体",
    "automobile consumption": "汽车体验中心|新能源汽车展厅", "digital creativity": "数字创意园|动漫制作基地",
    "airport business": "临空商业综合体|免税购物广场", "international trade": "进口贸易中心|跨境电商中心",
    "headquarters settlement": "结算中心|贸易结算总部", "supply chain finance": "供应链金融平台|保理中心",
    "warehousing": "冷链仓库|智能仓储基地", "express delivery": "快件分拣中心|航空快递枢纽",
    "aviation bonded": "保税维修基地|保税加工厂",
    "": "新材料工厂|装备制造基地|食品加工厂|生物医药园|文化旅游度假区|商业综合体"}
OTHER_PARKS_ZH = ["{}高新区", "{}工业园区", "{}经济开发区"]
UNITS = ["区投资促进局", "区商务委员会", "区经济和信息化委员会", "区发展和改革委员会"]
TITLES = ["区长", "常务副区长", "副区长", "副区长", "副区长", "常委"]
SURNAMES = ["张", "王", "李", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林", "何", "郭",
             "马", "罗"]
