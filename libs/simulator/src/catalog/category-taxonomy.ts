/**
 * The coded categories of the simulated store: dotted code, relative weight and median price.
 * Shape taken from the real REES46 slice `2019-Nov-head-300k.csv.gz` (event count per code and
 * median price there), so that category mix and price levels look like the real store; about a
 * third of real events carry no category code, which the catalog adds as uncoded categories.
 */
export interface CategorySpec {
  code: string;
  weight: number;
  medianPrice: number;
}

const TABLE = `
electronics.smartphone 79375 275
electronics.clocks 8324 202
computers.notebook 8320 669
electronics.audio.headphone 8273 90
electronics.video.tv 8127 369
appliances.environment.vacuum 5847 112
apparel.shoes 5698 83
appliances.kitchen.washer 5671 309
appliances.kitchen.refrigerators 5623 288
furniture.living_room.cabinet 4298 206
furniture.bedroom.bed 3856 176
computers.desktop 3289 332
furniture.living_room.sofa 2792 543
apparel.shoes.keds 2420 65
electronics.tablet 2377 180
auto.accessories.player 2210 121
construction.tools.drill 1899 70
electronics.telephone 1695 28
kids.carriage 1676 110
furniture.kitchen.table 1632 116
appliances.kitchen.oven 1414 90
appliances.kitchen.blender 1304 49
electronics.audio.subwoofer 1268 59
appliances.sewing_machine 1236 149
apparel.costume 1223 77
accessories.bag 1179 36
furniture.kitchen.chair 1083 44
appliances.environment.water_heater 1081 106
auto.accessories.videoregister 1078 90
computers.peripherals.printer 1022 151
appliances.kitchen.kettle 1003 32
auto.accessories.alarm 986 138
appliances.kitchen.microwave 952 67
appliances.iron 895 46
construction.tools.welding 875 119
kids.toys 829 26
appliances.kitchen.hob 816 212
construction.tools.generator 804 165
construction.tools.saw 800 113
computers.peripherals.monitor 742 207
computers.components.videocards 708 321
appliances.kitchen.meat_grinder 704 67
appliances.kitchen.hood 696 86
appliances.kitchen.mixer 690 44
electronics.audio.acoustic 673 247
sport.bicycle 592 278
appliances.kitchen.coffee_machine 557 166
appliances.kitchen.dishwasher 495 333
computers.components.hdd 489 58
apparel.dress 488 46
auto.accessories.compressor 485 118
appliances.personal.scales 472 13
computers.peripherals.mouse 469 19
appliances.environment.air_heater 456 42
kids.skates 433 351
appliances.kitchen.grill 394 90
kids.dolls 394 42
furniture.living_room.chair 377 77
computers.peripherals.keyboard 362 26
computers.components.cpu 359 220
sport.trainer 353 255
apparel.jeans 331 48
computers.components.motherboard 315 117
appliances.personal.hair_cutter 288 38
computers.components.memory 287 41
electronics.audio.music_tools.piano 282 132
accessories.wallet 258 46
electronics.audio.microphone 242 37
kids.fmcg.diapers 238 14
construction.tools.pump 235 85
appliances.environment.air_conditioner 234 396
electronics.camera.video 226 434
construction.components.faucet 221 38
computers.components.cooler 211 31
kids.swing 179 197
computers.ebooks 176 153
apparel.underwear 169 19
appliances.ironing_board 161 30
appliances.kitchen.juicer 151 61
furniture.bathroom.toilet 146 58
appliances.personal.massager 135 48
appliances.kitchen.toster 131 33
apparel.shirt 129 103
furniture.bedroom.blanket 128 27
auto.accessories.radar 127 84
apparel.jumper 125 24
apparel.tshirt 122 18
construction.tools.light 122 13
construction.tools.painting 110 52
apparel.trousers 108 40
furniture.bedroom.pillow 96 19
appliances.kitchen.steam_cooker 77 93
furniture.bathroom.bath 74 103
electronics.video.projector 72 406
medicine.tools.tonometer 71 43
appliances.kitchen.coffee_grinder 70 23
electronics.camera.photo 60 592
country_yard.cultivator 59 309
apparel.shoes.moccasins 57 64
computers.components.power_supply 55 38
auto.accessories.parktronic 50 36
apparel.shoes.sandals 48 34
furniture.universal.light 41 43
stationery.cartrige 40 15
apparel.scarf 38 25
auto.accessories.winch 36 646
sport.ski 32 141
accessories.umbrella 28 18
country_yard.lawn_mower 26 153
sport.tennis 26 98
apparel.belt 24 26
sport.snowboard 23 103
apparel.shoes.ballet_shoes 22 29
apparel.shoes.slipons 21 62
computers.peripherals.camera 14 6
construction.tools.soldering 13 12
auto.accessories.anti_freeze 12 23
apparel.sock 10 23
apparel.shorts 8 13
apparel.shoes.espadrilles 4 23
apparel.shoes.step_ins 4 31
appliances.environment.fan 3 69
country_yard.furniture.hammok 3 228
`;

export const CODED_CATEGORIES: readonly CategorySpec[] = TABLE.trim()
  .split('\n')
  .map((line) => {
    const [code = '', weight, medianPrice] = line.split(' ');
    return { code, weight: Number(weight), medianPrice: Number(medianPrice) };
  });

/** Share of real events whose category has no code (98,558 of 300,000 in the November slice). */
export const UNCODED_SHARE = 0.33;
/** Median price of uncoded categories' events in the same slice. */
export const UNCODED_MEDIAN_PRICE = 80;
/** Distinct uncoded category ids in the slice. */
export const UNCODED_CATEGORIES = 352;
