import Registry

/// Real administrative districts the generator draws from (GB/T 2260 codes).
public enum Regions {
    /// A county-level district and its name.
    public struct District: Sendable { public let code: UInt32; public let name: String }

    /// Luoyang (洛阳市) districts: 西工区 410303 and its neighbours, for the sample registry.
    public static let luoyang: [District] = [
        .init(code: 410303, name: "西工区"), .init(code: 410302, name: "老城区"), .init(code: 410304, name: "瀍河回族区"),
        .init(code: 410305, name: "涧西区"), .init(code: 410307, name: "偃师区"), .init(code: 410308, name: "孟津区"),
        .init(code: 410311, name: "洛龙区"),
    ]

    /// One county-level district in each of the mainland's 31 provinces (the first of its
    /// capital's in force), for a registry spread over the country (the sharded benchmark).
    public static let china: [District] = [11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
                                           50, 51, 52, 53, 54, 61, 62, 63, 64, 65].compactMap { (p: UInt32) -> District? in
        let table = DistrictTable.standard
        guard let e = table.entries.first(where: { $0.code / 10_000 == p && $0.code % 100 != 0 && table.isInForce($0.code) }),
              let name = table.name(of: e.code) else { return nil }
        return District(code: e.code, name: name)
    }

    /// Henan (河南省) county-level districts across its prefectures (41xx), for large registries.
    public static let henan: [District] = luoyang + [
        .init(code: 410102, name: "郑州市中原区"), .init(code: 410103, name: "郑州市二七区"), .init(code: 410104, name: "郑州市管城回族区"),
        .init(code: 410105, name: "郑州市金水区"), .init(code: 410122, name: "中牟县"), .init(code: 410181, name: "巩义市"),
        .init(code: 410202, name: "开封市龙亭区"), .init(code: 410203, name: "开封市顺河回族区"), .init(code: 410222, name: "通许县"),
        .init(code: 410402, name: "平顶山市新华区"), .init(code: 410421, name: "宝丰县"), .init(code: 410502, name: "安阳市文峰区"),
        .init(code: 410522, name: "安阳县"), .init(code: 410602, name: "鹤壁市鹤山区"), .init(code: 410702, name: "新乡市红旗区"),
        .init(code: 410721, name: "新乡县"), .init(code: 410802, name: "焦作市解放区"), .init(code: 410902, name: "濮阳市华龙区"),
        .init(code: 411002, name: "许昌市魏都区"), .init(code: 411102, name: "漯河市源汇区"), .init(code: 411202, name: "三门峡市湖滨区"),
        .init(code: 411302, name: "南阳市宛城区"), .init(code: 411321, name: "南召县"), .init(code: 411402, name: "商丘市梁园区"),
        .init(code: 411502, name: "信阳市浉河区"), .init(code: 411602, name: "周口市川汇区"), .init(code: 411702, name: "驻马店市驿城区"),
    ]

    /// Districts outside Henan, for the hukou of students who moved in (migration checks).
    public static let elsewhere: [District] = [
        .init(code: 110105, name: "北京市朝阳区"), .init(code: 130102, name: "石家庄市长安区"), .init(code: 340104, name: "合肥市蜀山区"),
        .init(code: 370102, name: "济南市历下区"), .init(code: 420106, name: "武汉市武昌区"), .init(code: 610113, name: "西安市雁塔区"),
    ]

    /// Common surnames, the first ones most frequent.
    public static let surnames: [String] = Array("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文").map(String.init) + ["欧阳", "司马", "上官"]

    /// Characters used in given names.
    public static let givenCharacters: [String] = Array("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬芳燕彩春菊兰凤洁梅琳素云莲真环雪荣爱妹霞香月莺媛艳瑞凡佳嘉琼勤珍贞莉桂娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓纨仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希宁欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可姬舒影荔枝思丽浩宇轩然子涵博文一诺梓睿雨泽俊豪晨阳鑫磊嘉懿").map(String.init)

    /// Ethnicities with rough weights (per thousand).
    public static let ethnicities: [(String, Int)] = [("汉族", 955), ("回族", 30), ("满族", 6), ("蒙古族", 4), ("壮族", 3), ("土家族", 2)]
}
