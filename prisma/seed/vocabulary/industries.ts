/**
 * GB/T 4754-2017 industry sections (门类 A–T) with the words enterprises of each section put in
 * their names, typical business scopes and the licences they hold.
 */
import type { LicenseKey } from './records.ts';

export interface Industry {
  code: string;
  name: string;
  /** Relative share of registered enterprises. */
  weight: number;
  /** Industry words of enterprise names: 深圳市华信<电子>有限公司. */
  nameWords: readonly string[];
  scopes: readonly string[];
  licenses: readonly LicenseKey[];
}

export const INDUSTRIES: readonly Industry[] = [
  {
    code: 'A', name: '农、林、牧、渔业', weight: 2,
    nameWords: ['农业科技', '生态农业', '茶业', '水产养殖', '农业发展', '花卉园艺', '农产品'],
    scopes: ['一般经营项目是：农作物种植；蔬菜、水果种植；农产品的生产、销售、加工；农业技术推广服务。', '一般经营项目是：茶叶种植；初级农产品收购；休闲观光活动。许可经营项目是：食品生产；食品经营。'],
    licenses: ['FOOD_BUSINESS', 'DRAINAGE'],
  },
  {
    code: 'B', name: '采矿业', weight: 0.3,
    nameWords: ['矿业', '石材', '矿产资源', '砂石'],
    scopes: ['一般经营项目是：非金属矿物制品制造；建筑用石加工。许可经营项目是：非煤矿山矿产资源开采。'],
    licenses: ['POLLUTANT', 'HAZARDOUS_CHEMICALS'],
  },
  {
    code: 'C', name: '制造业', weight: 14,
    nameWords: ['电子', '机械', '精密制造', '新材料', '塑胶制品', '五金制品', '服装', '家具', '食品', '生物医药', '光电', '智能装备', '包装制品', '纺织', '印刷', '电器'],
    scopes: [
      '一般经营项目是：电子产品、通讯设备的研发与销售；货物及技术进出口。许可经营项目是：电子产品、通讯设备的生产。',
      '一般经营项目是：五金制品、塑胶制品、模具的研发与销售。许可经营项目是：五金制品、塑胶制品的生产加工。',
      '一般经营项目是：机械设备的技术开发与销售；工业自动化设备的研发。许可经营项目是：机械设备的生产制造。',
      '一般经营项目是：服装、纺织品的设计与销售。许可经营项目是：服装的生产加工。',
    ],
    licenses: ['POLLUTANT', 'FOOD_PRODUCTION', 'INDUSTRIAL_PRODUCT', 'DRAINAGE', 'HAZARDOUS_CHEMICALS'],
  },
  {
    code: 'D', name: '电力、热力、燃气及水生产和供应业', weight: 0.5,
    nameWords: ['新能源', '电力', '燃气', '水务', '能源科技', '光伏'],
    scopes: ['一般经营项目是：太阳能发电技术服务；合同能源管理。许可经营项目是：发电业务、输电业务、供（配）电业务。'],
    licenses: ['POWER', 'POLLUTANT'],
  },
  {
    code: 'E', name: '建筑业', weight: 8,
    nameWords: ['建筑工程', '建设', '装饰工程', '市政工程', '机电安装', '幕墙工程', '建筑劳务'],
    scopes: ['一般经营项目是：建筑装饰材料销售；工程技术咨询。许可经营项目是：建设工程施工；住宅室内装饰装修。', '许可经营项目是：市政公用工程施工；房屋建筑工程施工；机电设备安装工程施工。'],
    licenses: ['CONSTRUCTION', 'CONSTRUCTION_SAFETY', 'DRAINAGE'],
  },
  {
    code: 'F', name: '批发和零售业', weight: 30,
    nameWords: ['贸易', '商贸', '进出口', '供应链', '电子商务', '百货', '医药', '五金交电', '食品贸易'],
    scopes: [
      '一般经营项目是：国内贸易；货物及技术进出口；日用百货、电子产品的销售。',
      '一般经营项目是：供应链管理服务；国际货运代理。许可经营项目是：食品经营（销售预包装食品）。',
      '一般经营项目是：第二类医疗器械销售。许可经营项目是：药品零售；第三类医疗器械经营。',
    ],
    licenses: ['FOOD_BUSINESS', 'MEDICAL_DEVICE', 'DRUG_BUSINESS', 'HAZARDOUS_CHEMICALS', 'ALCOHOL'],
  },
  {
    code: 'G', name: '交通运输、仓储和邮政业', weight: 4,
    nameWords: ['物流', '运输', '货运代理', '国际货运代理', '仓储', '快递', '汽车运输'],
    scopes: ['一般经营项目是：国内货运代理；仓储服务（不含危险化学品）。许可经营项目是：道路普通货物运输。', '许可经营项目是：快递服务；道路货物运输（不含危险货物）。'],
    licenses: ['ROAD_TRANSPORT', 'EXPRESS'],
  },
  {
    code: 'H', name: '住宿和餐饮业', weight: 4,
    nameWords: ['餐饮管理', '餐饮', '酒店管理', '酒店', '饮食'],
    scopes: ['一般经营项目是：餐饮管理；酒店管理。许可经营项目是：餐饮服务；食品经营。', '许可经营项目是：住宿服务；餐饮服务；烟草制品零售。'],
    licenses: ['FOOD_BUSINESS', 'PUBLIC_HEALTH', 'SPECIAL_TRADE', 'ALCOHOL'],
  },
  {
    code: 'I', name: '信息传输、软件和信息技术服务业', weight: 8,
    nameWords: ['科技', '信息技术', '网络科技', '软件', '数据科技', '智能科技', '通信技术'],
    scopes: ['一般经营项目是：软件开发；信息系统集成服务；信息技术咨询服务；数据处理和存储支持服务。', '一般经营项目是：网络技术服务；人工智能应用软件开发。许可经营项目是：第二类增值电信业务。'],
    licenses: ['TELECOM', 'ICP'],
  },
  {
    code: 'J', name: '金融业', weight: 1,
    nameWords: ['融资担保', '商业保理', '融资租赁', '小额贷款', '资产管理'],
    scopes: ['许可经营项目是：融资担保业务；诉讼保全担保；履约担保。', '一般经营项目是：融资租赁业务；租赁业务；向国内外购买租赁财产。'],
    licenses: ['FINANCING_GUARANTEE'],
  },
  {
    code: 'K', name: '房地产业', weight: 3,
    nameWords: ['房地产开发', '物业管理', '置业', '房地产经纪'],
    scopes: ['许可经营项目是：房地产开发经营。', '一般经营项目是：物业管理；停车场服务；房地产经纪。'],
    licenses: ['REAL_ESTATE', 'CONSTRUCTION'],
  },
  {
    code: 'L', name: '租赁和商务服务业', weight: 12,
    nameWords: ['企业管理', '商务咨询', '人力资源', '广告', '会展服务', '投资咨询', '实业', '品牌管理'],
    scopes: ['一般经营项目是：企业管理咨询；商务信息咨询；市场营销策划；会议及展览服务。', '一般经营项目是：广告设计、代理、发布。许可经营项目是：职业中介活动；劳务派遣服务。'],
    licenses: ['HUMAN_RESOURCES', 'LABOR_DISPATCH'],
  },
  {
    code: 'M', name: '科学研究和技术服务业', weight: 7,
    nameWords: ['检测技术', '工程设计', '技术服务', '生物科技', '环境科技', '设计', '计量检测'],
    scopes: ['一般经营项目是：技术服务、技术开发、技术咨询、技术转让；工程和技术研究和试验发展。许可经营项目是：检验检测服务。', '许可经营项目是：建设工程设计；建设工程勘察。'],
    licenses: ['TESTING', 'POLLUTANT'],
  },
  {
    code: 'N', name: '水利、环境和公共设施管理业', weight: 0.5,
    nameWords: ['环境工程', '园林绿化', '环保科技', '水利工程', '环境卫生'],
    scopes: ['一般经营项目是：园林绿化工程施工；城市绿化管理；环境卫生公共设施安装服务。许可经营项目是：城市生活垃圾经营性服务。'],
    licenses: ['POLLUTANT', 'WASTE'],
  },
  {
    code: 'O', name: '居民服务、修理和其他服务业', weight: 2,
    nameWords: ['家政服务', '汽车服务', '美容美发', '洗涤服务', '维修服务'],
    scopes: ['一般经营项目是：家政服务；洗染服务；日用电器修理。许可经营项目是：生活美容服务。', '一般经营项目是：机动车修理和维护；汽车零配件零售。'],
    licenses: ['PUBLIC_HEALTH', 'VEHICLE_REPAIR'],
  },
  {
    code: 'P', name: '教育', weight: 1,
    nameWords: ['教育科技', '培训', '职业技能培训', '文化教育'],
    scopes: ['一般经营项目是：教育咨询服务（不含涉许可审批的教育培训活动）；职业技能培训。'],
    licenses: ['PRIVATE_SCHOOL'],
  },
  {
    code: 'Q', name: '卫生和社会工作', weight: 0.5,
    nameWords: ['医疗管理', '健康管理', '门诊部', '养老服务'],
    scopes: ['许可经营项目是：医疗服务；养老服务。一般经营项目是：健康咨询服务（不含诊疗服务）。'],
    licenses: ['MEDICAL_INSTITUTION', 'RADIATION'],
  },
  {
    code: 'R', name: '文化、体育和娱乐业', weight: 2,
    nameWords: ['文化传媒', '影视', '体育发展', '文化传播', '娱乐'],
    scopes: ['一般经营项目是：组织文化艺术交流活动；体育赛事策划；文艺创作。许可经营项目是：广播电视节目制作经营；营业性演出。'],
    licenses: ['PERFORMANCE', 'PUBLIC_HEALTH'],
  },
  {
    code: 'S', name: '公共管理、社会保障和社会组织', weight: 0.1,
    nameWords: ['社区服务', '公共服务'],
    scopes: ['一般经营项目是：社区公共服务；物业服务评估。'],
    licenses: ['PUBLIC_HEALTH'],
  },
  {
    code: 'T', name: '国际组织', weight: 0,
    nameWords: ['国际交流'],
    scopes: ['一般经营项目是：国际交流合作服务。'],
    licenses: [],
  },
];

/** 字号: two of these make an enterprise's trade name (深圳市<华信>电子有限公司). */
export const TRADE_NAME_CHARS: readonly string[] = [...(
  '华信达鑫泰宏源盛恒通瑞丰海科天宇新博嘉锦隆邦腾智安顺汇誉诚众创远景晟昊辉祥润德明星光中美康' +
  '建立永长富金银荣利和佳旺兴益成东南正大合联聚力能凯越卓壹睿捷迅驰航翔飞云峰岭江湖川泽沃蓝绿青' +
  '万千百顶尚优精准迪欧亚思维纳沛泓宸铭楷奥鹏骏麒麟朗逸'
)];

export interface EntityType {
  name: string;
  /** The name's ending: 有限公司 or 股份有限公司. */
  suffix: string;
  weight: number;
}

export const ENTITY_TYPES: readonly EntityType[] = [
  { name: '有限责任公司（自然人投资或控股）', suffix: '有限公司', weight: 50 },
  { name: '有限责任公司（自然人独资）', suffix: '有限公司', weight: 15 },
  { name: '有限责任公司（法人独资）', suffix: '有限公司', weight: 14 },
  { name: '有限责任公司（台港澳法人独资）', suffix: '有限公司', weight: 3 },
  { name: '其他有限责任公司', suffix: '有限公司', weight: 4 },
  { name: '股份有限公司（非上市、自然人投资或控股）', suffix: '股份有限公司', weight: 12 },
  { name: '股份有限公司（上市）', suffix: '股份有限公司', weight: 2 },
];

export const REGISTRATION_STATUSES: ReadonlyArray<readonly [string, number]> = [
  ['存续', 85], ['在业', 8], ['吊销', 3], ['注销', 4],
];
