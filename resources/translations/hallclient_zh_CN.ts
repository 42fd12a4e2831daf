<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="zh_CN">
<context>
    <name>App</name>
    <message>
        <location filename="../../hallclient/app.py" line="+296"/>
        <source>设置已保存；服务器地址、窗口号和语言在重新启动后生效。</source>
        <translation>设置已保存；服务器地址、窗口号和语言在重新启动后生效。</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>设置文件有误，本次已改用默认设置，请重新设置服务器地址和窗口号。</source>
        <translation>设置文件有误，本次已改用默认设置，请重新设置服务器地址和窗口号。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>原设置文件已另存为：{path}</source>
        <translation>原设置文件已另存为：{path}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>设置文件有误</source>
        <translation>设置文件有误</translation>
    </message>
</context>
<context>
    <name>ApplicantForm</name>
    <message>
        <location filename="../../hallclient/ui/intake/form_views.py" line="+113"/>
        <source>申请人</source>
        <translation>申请人</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>自然人(&amp;P)</source>
        <translation>自然人(&amp;P)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>法人/其他组织(&amp;O)</source>
        <translation>法人/其他组织(&amp;O)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>与证件一致</source>
        <translation>与证件一致</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>18位，末位可为X</source>
        <translation>18位，末位可为X</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>18位统一社会信用代码</source>
        <translation>18位统一社会信用代码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>法定代表人姓名</source>
        <translation>法定代表人姓名</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+46"/>
        <source>11位手机号码</source>
        <translation>11位手机号码</translation>
    </message>
    <message>
        <location line="-45"/>
        <source>代办人办理(&amp;D)</source>
        <translation>代办人办理(&amp;D)</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+16"/>
        <source>代办人姓名</source>
        <translation>代办人姓名</translation>
    </message>
    <message>
        <location line="-15"/>
        <source>代办人公民身份号码</source>
        <translation>代办人公民身份号码</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+35"/>
        <source>姓名(&amp;N)</source>
        <translation>姓名(&amp;N)</translation>
    </message>
    <message>
        <location line="-33"/>
        <location line="+34"/>
        <source>手机号码</source>
        <translation>手机号码</translation>
    </message>
    <message>
        <location line="-30"/>
        <source>公民身份号码</source>
        <translation>公民身份号码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>统一社会信用代码</source>
        <translation>统一社会信用代码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>法定代表人</source>
        <translation>法定代表人</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>代办人身份号码</source>
        <translation>代办人身份号码</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>单位名称(&amp;N)</source>
        <translation>单位名称(&amp;N)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>联系电话(选填)</source>
        <translation>联系电话(选填)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>手机或带区号的固话，如 0591-87654321 转 801</source>
        <translation>手机或带区号的固话，如 0591-87654321 转 801</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>可填：11位手机号码；带区号的固定电话，分机号前写“转”；400/800 电话</source>
        <translation>可填：11位手机号码；带区号的固定电话，分机号前写“转”；400/800 电话</translation>
    </message>
</context>
<context>
    <name>CaseDetailView</name>
    <message>
        <location filename="../../hallclient/ui/intake/case_list_view.py" line="+48"/>
        <source>补正(&amp;B)</source>
        <translation>补正(&amp;B)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>撤回(&amp;W)</source>
        <translation>撤回(&amp;W)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>当场办结(&amp;J)</source>
        <translation>当场办结(&amp;J)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>显示完整证件号(&amp;I)</source>
        <translation>显示完整证件号(&amp;I)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>查看完整姓名和证件号码会记入审计日志</source>
        <translation>查看完整姓名和证件号码会记入审计日志</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>打印/补打(&amp;P)…</source>
        <translation>打印/补打(&amp;P)…</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+28"/>
        <source>其他窗口受理，办理前需核验身份</source>
        <translation>其他窗口受理，办理前需核验身份</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>其他窗口受理，身份已于 %1 核验</source>
        <translation>其他窗口受理，身份已于 %1 核验</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>选择一个办件查看详情</source>
        <translation>选择一个办件查看详情</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>受理编号</source>
        <translation>受理编号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>事项</source>
        <translation>事项</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>【一件事】</source>
        <translation>【一件事】</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>状态</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>结论</source>
        <translation>结论</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>系统建议</source>
        <translation>系统建议</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>申请人</source>
        <translation>申请人</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>单位</source>
        <translation>单位</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>公民身份号码</source>
        <translation>公民身份号码</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>统一社会信用代码</source>
        <translation>统一社会信用代码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>法定代表人</source>
        <translation>法定代表人</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>电话</source>
        <translation>电话</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>代办人</source>
        <translation>代办人</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>承诺办结</source>
        <translation>承诺办结</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 前补齐</source>
        <translation>%1 前补齐</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>容缺承诺</source>
        <translation>容缺承诺</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>不予受理理由</source>
        <translation>不予受理理由</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>窗口/经办人</source>
        <translation>窗口/经办人</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>主要</source>
        <translation>主要</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>次要</source>
        <translation>次要</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>材料</source>
        <translation>材料</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>办理经过</source>
        <translation>办理经过</translation>
    </message>
</context>
<context>
    <name>CaseListController</name>
    <message numerus="yes">
        <location filename="../../hallclient/ui/intake/case_list_controller.py" line="+200"/>
        <source>显示最近 %n 件，请用查找或筛选缩小范围</source>
        <translation>
            <numerusform>显示最近 %n 件，请用查找或筛选缩小范围</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>共 %n 件</source>
        <translation>
            <numerusform>共 %n 件</numerusform>
        </translation>
    </message>
    <message>
        <location line="+97"/>
        <source>已显示完整姓名，本次查看已记入审计日志</source>
        <translation>已显示完整姓名，本次查看已记入审计日志</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>已显示完整姓名和证件号码，本次查看已记入审计日志</source>
        <translation>已显示完整姓名和证件号码，本次查看已记入审计日志</translation>
    </message>
    <message>
        <location line="+80"/>
        <source>没有勾选补交的材料</source>
        <translation>没有勾选补交的材料</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>补正完成：材料已全部补齐，容缺承诺履行完毕</source>
        <translation>补正完成：材料已全部补齐，容缺承诺履行完毕</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>已登记补正，仍缺：</source>
        <translation>已登记补正，仍缺：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>（逾期补交）</source>
        <translation>（逾期补交）</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>已撤回</source>
        <translation>已撤回</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>已当场办结</source>
        <translation>已当场办结</translation>
    </message>
</context>
<context>
    <name>CaseListModel</name>
    <message>
        <location filename="../../hallclient/ui/intake/case_list_model.py" line="+25"/>
        <source>受理编号</source>
        <translation>受理编号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>受理时间</source>
        <translation>受理时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>事项</source>
        <translation>事项</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>申请人</source>
        <translation>申请人</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>证件号码</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>状态</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>承诺办结</source>
        <translation>承诺办结</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>补正期限</source>
        <translation>补正期限</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>预警</source>
        <translation>预警</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>排队号</source>
        <translation>排队号</translation>
    </message>
    <message>
        <location line="+61"/>
        <source>（逾期）</source>
        <translation>（逾期）</translation>
    </message>
</context>
<context>
    <name>CaseListPrompts</name>
    <message>
        <location filename="../../hallclient/ui/intake/dialogs.py" line="+213"/>
        <source>撤回申请</source>
        <translation>撤回申请</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>办件 %1 的撤回原因：</source>
        <translation>办件 %1 的撤回原因：</translation>
    </message>
</context>
<context>
    <name>CaseListView</name>
    <message>
        <location filename="../../hallclient/ui/intake/case_list_view.py" line="+15"/>
        <source>受理编号、申请人或代办人姓名、证件号码或电话（或后四位）、排队号</source>
        <translation>受理编号、申请人或代办人姓名、证件号码或电话（或后四位）、排队号</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>查找办件(&amp;Q)</source>
        <translation>查找办件(&amp;Q)</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>刷新 (Ctrl+R)</source>
        <translation>刷新 (Ctrl+R)</translation>
    </message>
</context>
<context>
    <name>ChecklistModel</name>
    <message>
        <location filename="../../hallclient/ui/intake/checklist_model.py" line="+82"/>
        <source>申请材料</source>
        <translation>申请材料</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>类别</source>
        <translation>类别</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>要求</source>
        <translation>要求</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>状态</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>原件</source>
        <translation>原件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>复印件</source>
        <translation>复印件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>电子证照编号</source>
        <translation>电子证照编号</translation>
    </message>
    <message>
        <location line="+108"/>
        <source>适用情形：</source>
        <translation>适用情形：</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>可用电子证照：</source>
        <translation>可用电子证照：</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>所属事项：</source>
        <translation>所属事项：</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>主要</source>
        <translation>主要</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>次要</source>
        <translation>次要</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>·可容缺</source>
        <translation>·可容缺</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>未勾选</source>
        <translation>未勾选</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>可用电子证照</source>
        <translation>可用电子证照</translation>
    </message>
</context>
<context>
    <name>Connector</name>
    <message>
        <location filename="../../hallclient/ui/roles/launch.py" line="+171"/>
        <source>无法连接服务器，正在重试…</source>
        <translation>无法连接服务器，正在重试…</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>设备未登记或账号无效：</source>
        <translation>设备未登记或账号无效：</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>连接失败：</source>
        <translation>连接失败：</translation>
    </message>
</context>
<context>
    <name>CounterActions</name>
    <message>
        <location filename="../../hallclient/ui/views/actions.py" line="+45"/>
        <source>叫号</source>
        <translation>叫号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>呼叫下一位等候的申请人</source>
        <translation>呼叫下一位等候的申请人</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>重呼</source>
        <translation>重呼</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>再次呼叫当前号</source>
        <translation>再次呼叫当前号</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>开始办理</source>
        <translation>开始办理</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>申请人已到窗口，开始办理</source>
        <translation>申请人已到窗口，开始办理</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>办结</source>
        <translation>办结</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>办理完毕，请申请人评价</source>
        <translation>办理完毕，请申请人评价</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>过号</source>
        <translation>过号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>申请人未到，标记过号（需确认）</source>
        <translation>申请人未到，标记过号（需确认）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>转移</source>
        <translation>转移</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>转到其他业务或窗口（需确认）</source>
        <translation>转到其他业务或窗口（需确认）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>挂起</source>
        <translation>挂起</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>申请人暂离补材料，回来无需重新取号</source>
        <translation>申请人暂离补材料，回来无需重新取号</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>暂停服务</source>
        <translation>暂停服务</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>暂停或恢复本窗口叫号</source>
        <translation>暂停或恢复本窗口叫号</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>指定叫号</source>
        <translation>指定叫号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>按号码呼叫指定的号</source>
        <translation>按号码呼叫指定的号</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>恢复挂起</source>
        <translation>恢复挂起</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>恢复选中的挂起号</source>
        <translation>恢复选中的挂起号</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>手工登记</source>
        <translation>手工登记</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>离线时登记纸质号票</source>
        <translation>离线时登记纸质号票</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>快捷键</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>显示快捷键说明</source>
        <translation>显示快捷键说明</translation>
    </message>
</context>
<context>
    <name>CounterController</name>
    <message>
        <location filename="../../hallclient/ui/controllers/counter.py" line="+162"/>
        <source>工作人员：%1</source>
        <translation>工作人员：%1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>窗口 %1</source>
        <translation>窗口 %1</translation>
    </message>
    <message>
        <location line="+139"/>
        <source>按 F1 呼叫下一位</source>
        <translation>按 F1 呼叫下一位</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>离线：可按 F11 登记纸质号票</source>
        <translation>离线：可按 F11 登记纸质号票</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>离线</source>
        <translation>离线</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>另一位同名工作人员</source>
        <translation>另一位同名工作人员</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 号窗口已不由您登录（现在：%2）。本机不能再叫号；如需在本机继续，请重新登录。</source>
        <translation>%1 号窗口已不由您登录（现在：%2）。本机不能再叫号；如需在本机继续，请重新登录。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>● 已连接服务器</source>
        <translation>● 已连接服务器</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>● 离线</source>
        <translation>● 离线</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>无法连接服务器（离线）。当前申请人的办理可以继续；叫号暂不可用，纸质号票请按 F11 登记。恢复连接后自动上线。</source>
        <translation>无法连接服务器（离线）。当前申请人的办理可以继续；叫号暂不可用，纸质号票请按 F11 登记。恢复连接后自动上线。</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>恢复服务</source>
        <translation>恢复服务</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>暂停服务</source>
        <translation>暂停服务</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>已达重呼次数上限（%1 次）</source>
        <translation>已达重呼次数上限（%1 次）</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>当前没有等候的申请人。</source>
        <translation>当前没有等候的申请人。</translation>
    </message>
    <message>
        <location line="+62"/>
        <source>确认 %1 过号？申请人需重新取号。</source>
        <translation>确认 %1 过号？申请人需重新取号。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>过号</source>
        <translation>过号</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>指定叫号</source>
        <translation>指定叫号</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>请输入要呼叫的号码，例如 A012：</source>
        <translation>请输入要呼叫的号码，例如 A012：</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>%1 已恢复排队。</source>
        <translation>%1 已恢复排队。</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>服务器已恢复，请联网登录以继续叫号。</source>
        <translation>服务器已恢复，请联网登录以继续叫号。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>已恢复与服务器的连接。</source>
        <translation>已恢复与服务器的连接。</translation>
    </message>
    <message>
        <location line="+71"/>
        <source>评价待保存：%1 条</source>
        <translation>评价待保存：%1 条</translation>
    </message>
    <message>
        <location line="-383"/>
        <location line="+367"/>
        <source>登录已失效，请重新登录。</source>
        <translation>登录已失效，请重新登录。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>评价暂未保存，已留存，将自动重试：%1</source>
        <translation>评价暂未保存，已留存，将自动重试：%1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>评价保存失败：%1</source>
        <translation>评价保存失败：%1</translation>
    </message>
</context>
<context>
    <name>CounterPrompts</name>
    <message>
        <location filename="../../hallclient/ui/controllers/prompts.py" line="+27"/>
        <source>操作未完成</source>
        <translation>操作未完成</translation>
    </message>
</context>
<context>
    <name>CounterWindow</name>
    <message>
        <location filename="../../hallclient/ui/views/counter_window.py" line="+23"/>
        <source>窗口端 — 政务服务大厅</source>
        <translation>窗口端 — 政务服务大厅</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>叫号</source>
        <translation>叫号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>受理功能将在后续版本中提供。</source>
        <translation>受理功能将在后续版本中提供。</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+44"/>
        <source>受理</source>
        <translation>受理</translation>
    </message>
    <message>
        <location line="-18"/>
        <source>系统(&amp;S)</source>
        <translation>系统(&amp;S)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>设置…</source>
        <translation>设置…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>退出登录</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>退出程序</source>
        <translation>退出程序</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>帮助(&amp;H)</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>设置已保存；服务器地址、窗口号和语言在重新启动后生效。</source>
        <translation>设置已保存；服务器地址、窗口号和语言在重新启动后生效。</translation>
    </message>
</context>
<context>
    <name>DisplayController</name>
    <message>
        <location filename="../../hallclient/ui/display/controller.py" line="+109"/>
        <source>请按号码顺序等候，听到叫号后请到相应窗口办理。</source>
        <translation>请按号码顺序等候，听到叫号后请到相应窗口办理。</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>● 离线</source>
        <translation>● 离线</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>● 未授权</source>
        <translation>● 未授权</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>请 %1 号</source>
        <translation>请 %1 号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>到 %1 号窗口办理</source>
        <translation>到 %1 号窗口办理</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>%1 号</source>
        <translation>%1 号</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>%1（%2）等候 %3 人</source>
        <translation>%1（%2）等候 %3 人</translation>
    </message>
</context>
<context>
    <name>DisplayWindow</name>
    <message>
        <location filename="../../hallclient/ui/display/view.py" line="+105"/>
        <source>叫号大屏</source>
        <translation>叫号大屏</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>正在叫号</source>
        <translation>正在叫号</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>号码</source>
        <translation>号码</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>窗口</source>
        <translation>窗口</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>各业务等候人数</source>
        <translation>各业务等候人数</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>欢迎光临</source>
        <translation>欢迎光临</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>请留意叫号</source>
        <translation>请留意叫号</translation>
    </message>
    <message>
        <location filename="../../hallclient/ui/display/app.py" line="+110"/>
        <source>● 正在连接服务器…</source>
        <translation>● 正在连接服务器…</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location filename="../../hallclient/ui/errors.py" line="+13"/>
        <source>服务器响应超时，请稍后重试。</source>
        <translation>服务器响应超时，请稍后重试。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>无法连接服务器，请检查网络。当前为离线状态。</source>
        <translation>无法连接服务器，请检查网络。当前为离线状态。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>本地数据库写入失败：</source>
        <translation>本地数据库写入失败：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>登录已失效，请重新登录。</source>
        <translation>登录已失效，请重新登录。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>操作失败。</source>
        <translation>操作失败。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>发生了意外错误：</source>
        <translation>发生了意外错误：</translation>
    </message>
</context>
<context>
    <name>IdentityCheckDialog</name>
    <message>
        <location filename="../../hallclient/ui/intake/dialogs.py" line="-80"/>
        <source>核验申请人身份 — %1</source>
        <translation>核验申请人身份 — %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>该办件由 %1 号窗口受理，本机只存证件号码后四位。请查看申请人（或代办人）的身份证件，输入其公民身份号码：</source>
        <translation>该办件由 %1 号窗口受理，本机只存证件号码后四位。请查看申请人（或代办人）的身份证件，输入其公民身份号码：</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>18位，末位可为X</source>
        <translation>18位，末位可为X</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>核验</source>
        <translation>核验</translation>
    </message>
</context>
<context>
    <name>Intake</name>
    <message>
        <location filename="../../hallclient/ui/intake/install.py" line="+40"/>
        <source>受理</source>
        <translation>受理</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>办件</source>
        <translation>办件</translation>
    </message>
    <message>
        <location line="+119"/>
        <source>受理功能无法启动：</source>
        <translation>受理功能无法启动：</translation>
    </message>
</context>
<context>
    <name>IntakeController</name>
    <message numerus="yes">
        <location filename="../../hallclient/ui/intake/intake_controller.py" line="+147"/>
        <source>找到 %n 项，↓ 选择，Enter 确定</source>
        <translation>
            <numerusform>找到 %n 项，↓ 选择，Enter 确定</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>没有找到相符的事项</source>
        <translation>没有找到相符的事项</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>【一件事】</source>
        <translation>【一件事】</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n 个事项</source>
        <translation>
            <numerusform>%n 个事项</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+44"/>
        <source>即办件</source>
        <translation>即办件</translation>
    </message>
    <message>
        <location line="-44"/>
        <source>承诺件</source>
        <translation>承诺件</translation>
    </message>
    <message numerus="yes">
        <location line="+46"/>
        <source>承诺件，%n 个工作日办结</source>
        <translation>
            <numerusform>承诺件，%n 个工作日办结</numerusform>
        </translation>
    </message>
    <message>
        <location line="+5"/>
        <source>含 %1 个事项；合并后材料 %2 项（各事项共 %3 项，相同材料只收一次）</source>
        <translation>含 %1 个事项；合并后材料 %2 项（各事项共 %3 项，相同材料只收一次）</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>该事项不受理此类申请人的申请</source>
        <translation>该事项不受理此类申请人的申请</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>男</source>
        <translation>男</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>女</source>
        <translation>女</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>✓ 出生日期 %1，%2</source>
        <translation>✓ 出生日期 %1，%2</translation>
    </message>
    <message>
        <location line="+104"/>
        <source>尚未选择事项</source>
        <translation>尚未选择事项</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>系统建议：</source>
        <translation>系统建议：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>改判为：</source>
        <translation>改判为：</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>即办件：受理当日办结</source>
        <translation>即办件：受理当日办结</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>承诺办结日期：%1（%2 个工作日）</source>
        <translation>承诺办结日期：%1（%2 个工作日）</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>补正期限：%1</source>
        <translation>补正期限：%1</translation>
    </message>
    <message numerus="yes">
        <location line="+12"/>
        <source>共 %n 项</source>
        <translation>
            <numerusform>共 %n 项</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>未勾选 %n</source>
        <translation>
            <numerusform>未勾选 %n</numerusform>
        </translation>
    </message>
    <message>
        <location line="+10"/>
        <source>请先选择办理事项</source>
        <translation>请先选择办理事项</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>申请人信息有误，请按提示修改后再保存</source>
        <translation>申请人信息有误，请按提示修改后再保存</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>正在保存…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>已保存&#x3000;受理编号 %1&#x3000;%2</source>
        <translation>已保存&#x3000;受理编号 %1&#x3000;%2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>，补正期限 %1</source>
        <translation>，补正期限 %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>，承诺办结 %1</source>
        <translation>，承诺办结 %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>（节假日安排未公布，期限按周一至周五估算）</source>
        <translation>（节假日安排未公布，期限按周一至周五估算）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>。按 Ctrl+N 开始新的受理。</source>
        <translation>。按 Ctrl+N 开始新的受理。</translation>
    </message>
    <message>
        <location line="+64"/>
        <source>新受理</source>
        <translation>新受理</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>当前表单还没有保存。清空它，开始新的受理吗？</source>
        <translation>当前表单还没有保存。清空它，开始新的受理吗？</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>请先在左侧查找并选择办理事项</source>
        <translation>请先在左侧查找并选择办理事项</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>当前号 %1</source>
        <translation>当前号 %1</translation>
    </message>
</context>
<context>
    <name>IntakeLabels</name>
    <message>
        <location filename="../../hallclient/ui/intake/labels.py" line="+14"/>
        <source>原件</source>
        <translation>原件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>复印件</source>
        <translation>复印件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>电子证照(免提交)</source>
        <translation>电子证照(免提交)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>缺</source>
        <translation>缺</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>不符合</source>
        <translation>不符合</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>不适用</source>
        <translation>不适用</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>受理</source>
        <translation>受理</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>容缺受理</source>
        <translation>容缺受理</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>一次性告知</source>
        <translation>一次性告知</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+9"/>
        <source>不予受理</source>
        <translation>不予受理</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>已受理</source>
        <translation>已受理</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>容缺待补正</source>
        <translation>容缺待补正</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已一次性告知</source>
        <translation>已一次性告知</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>已办结</source>
        <translation>已办结</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已撤回</source>
        <translation>已撤回</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+18"/>
        <source>待补正</source>
        <translation>待补正</translation>
    </message>
    <message>
        <location line="-17"/>
        <source>已补齐</source>
        <translation>已补齐</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+17"/>
        <source>承诺逾期</source>
        <translation>承诺逾期</translation>
    </message>
    <message>
        <location line="-16"/>
        <source>随办件撤回</source>
        <translation>随办件撤回</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+10"/>
        <source>黄牌</source>
        <translation>黄牌</translation>
    </message>
    <message>
        <location line="-9"/>
        <location line="+10"/>
        <source>红牌</source>
        <translation>红牌</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>今日</source>
        <translation>今日</translation>
    </message>
</context>
<context>
    <name>IntakeView</name>
    <message>
        <location filename="../../hallclient/ui/intake/intake_view.py" line="+210"/>
        <source>事项名称、编码、部门或拼音首字母</source>
        <translation>事项名称、编码、部门或拼音首字母</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>查找事项(&amp;F)</source>
        <translation>查找事项(&amp;F)</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>请先在左侧查找并选择办理事项</source>
        <translation>请先在左侧查找并选择办理事项</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>全部收齐(&amp;A)</source>
        <translation>全部收齐(&amp;A)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>键盘：↑↓ 选择材料；1 原件&#x3000;2 复印件&#x3000;3 电子证照&#x3000;4 缺&#x3000;5 不符合&#x3000;0 不适用；Enter 修改份数</source>
        <translation>键盘：↑↓ 选择材料；1 原件&#x3000;2 复印件&#x3000;3 电子证照&#x3000;4 缺&#x3000;5 不符合&#x3000;0 不适用；Enter 修改份数</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>材料清单(&amp;M)</source>
        <translation>材料清单(&amp;M)</translation>
    </message>
</context>
<context>
    <name>KioskController</name>
    <message>
        <location filename="../../hallclient/ui/kiosk/controller.py" line="+146"/>
        <source>正在连接服务器…</source>
        <translation>正在连接服务器…</translation>
    </message>
    <message>
        <location line="+82"/>
        <source>网络连接中断，暂时无法取号。请到咨询台（导服台）人工取号，给您带来不便敬请谅解。</source>
        <translation>网络连接中断，暂时无法取号。请到咨询台（导服台）人工取号，给您带来不便敬请谅解。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>本机未获授权取号，请联系大厅管理员。</source>
        <translation>本机未获授权取号，请联系大厅管理员。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>等候 %1 人</source>
        <translation>等候 %1 人</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>已选择绿色通道，请选择业务。</source>
        <translation>已选择绿色通道，请选择业务。</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>预约码应为 4 到 32 位数字或字母，请核对后重新输入。</source>
        <translation>预约码应为 4 到 32 位数字或字母，请核对后重新输入。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>预约签到（预约码 %1）：请选择您预约的业务</source>
        <translation>预约签到（预约码 %1）：请选择您预约的业务</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>暂时无法取号，请到咨询台人工取号。</source>
        <translation>暂时无法取号，请到咨询台人工取号。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>正在取号，请稍候…</source>
        <translation>正在取号，请稍候…</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>您前面还有 %1 人等候</source>
        <translation>您前面还有 %1 人等候</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>正在打印号票…</source>
        <translation>正在打印号票…</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>预约签到</source>
        <translation>预约签到</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>网络中断，未能取号，请稍后再试或到咨询台人工取号。</source>
        <translation>网络中断，未能取号，请稍后再试或到咨询台人工取号。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>取号的人较多，系统繁忙，未能取号。请稍后再试，或到咨询台（导服台）人工取号。</source>
        <translation>取号的人较多，系统繁忙，未能取号。请稍后再试，或到咨询台（导服台）人工取号。</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>系统暂时出现故障，未能取号。请稍后再试，或到咨询台（导服台）人工取号。</source>
        <translation>系统暂时出现故障，未能取号。请稍后再试，或到咨询台（导服台）人工取号。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>请取走号票，留意叫号屏幕和语音提示。</source>
        <translation>请取走号票，留意叫号屏幕和语音提示。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>号票未能打印（%1）。请记下您的号码，或到咨询台补打。</source>
        <translation>号票未能打印（%1）。请记下您的号码，或到咨询台补打。</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>请留意叫号，到 %1 号窗口办理</source>
        <translation>请留意叫号，到 %1 号窗口办理</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <location filename="../../hallclient/ui/kiosk/view.py" line="+165"/>
        <source>自助取号</source>
        <translation>自助取号</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>请选择您要办理的业务</source>
        <translation>请选择您要办理的业务</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>绿色通道
老年人、残疾人、军人、孕妇优先</source>
        <translation>绿色通道
老年人、残疾人、军人、孕妇优先</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>预约签到</source>
        <translation>预约签到</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>取消预约签到</source>
        <translation>取消预约签到</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>请输入预约码，或扫描预约二维码</source>
        <translation>请输入预约码，或扫描预约二维码</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>清空</source>
        <translation>清空</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>删除</source>
        <translation>删除</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>下一步：选择业务</source>
        <translation>下一步：选择业务</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>返回</source>
        <translation>返回</translation>
    </message>
    <message>
        <location line="+15"/>
        <location line="+82"/>
        <source>您的排队号</source>
        <translation>您的排队号</translation>
    </message>
    <message>
        <location line="-61"/>
        <source>完成</source>
        <translation>完成</translation>
    </message>
    <message>
        <location line="+61"/>
        <source>您的排队号（绿色通道）</source>
        <translation>您的排队号（绿色通道）</translation>
    </message>
    <message>
        <location filename="../../hallclient/ui/kiosk/app.py" line="+135"/>
        <source>正在连接服务器…</source>
        <translation>正在连接服务器…</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../hallclient/ui/views/dialogs.py" line="+64"/>
        <source>窗口登录</source>
        <translation>窗口登录</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>窗口 %1 · 服务器 %2</source>
        <translation>窗口 %1 · 服务器 %2</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>登录</source>
        <translation>登录</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>设置…</source>
        <translation>设置…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>用户名</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>密码</source>
        <translation>密码</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>正在登录…</source>
        <translation>正在登录…</translation>
    </message>
</context>
<context>
    <name>ManagerLoginDialog</name>
    <message>
        <location filename="../../hallclient/ui/monitor/signin.py" line="+30"/>
        <source>大厅监控登录</source>
        <translation>大厅监控登录</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>服务器 %1</source>
        <translation>服务器 %1</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>登录</source>
        <translation>登录</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>用户名</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>密码</source>
        <translation>密码</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>请输入用户名和密码。</source>
        <translation>请输入用户名和密码。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>正在登录…</source>
        <translation>正在登录…</translation>
    </message>
</context>
<context>
    <name>MonitorController</name>
    <message>
        <location filename="../../hallclient/ui/monitor/controller.py" line="+127"/>
        <source>正在连接…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>%1 · 大厅监控</source>
        <translation>%1 · 大厅监控</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>● 在线</source>
        <translation>● 在线</translation>
    </message>
    <message>
        <location line="-16"/>
        <source>● 离线：显示的是断线前的数据，正在重连…</source>
        <translation>● 离线：显示的是断线前的数据，正在重连…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>● 登录已失效：</source>
        <translation>● 登录已失效：</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>更新于 %1</source>
        <translation>更新于 %1</translation>
    </message>
    <message>
        <location line="+122"/>
        <location filename="../../hallclient/ui/monitor/rectifications.py" line="+128"/>
        <location line="+73"/>
        <source>%1 号</source>
        <translation>%1 号</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>暂无需要处理的情况</source>
        <translation>暂无需要处理的情况</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>%1：%2 人等候，最久已等 %3</source>
        <translation>%1：%2 人等候，最久已等 %3</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>未说明原因</source>
        <translation>未说明原因</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 号窗口暂停服务（%2）</source>
        <translation>%1 号窗口暂停服务（%2）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>，已 %1</source>
        <translation>，已 %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 号窗口办理 %2 已用时 %3</source>
        <translation>%1 号窗口办理 %2 已用时 %3</translation>
    </message>
    <message>
        <location filename="../../hallclient/ui/monitor/rectifications.py" line="-41"/>
        <source>差评：%1 号窗口 %2（%3），待核实整改</source>
        <translation>差评：%1 号窗口 %2（%3），待核实整改</translation>
    </message>
    <message>
        <location filename="../../hallclient/ui/monitor/controller.py" line="+11"/>
        <source>手工号冲突：%1 号窗口离线办理的 %2 号已在别处叫号或已结束，请核实</source>
        <translation>手工号冲突：%1 号窗口离线办理的 %2 号已在别处叫号或已结束，请核实</translation>
    </message>
    <message>
        <location filename="../../hallclient/ui/monitor/rectifications.py" line="+67"/>
        <source>已超期（限 %1）</source>
        <translation>已超期（限 %1）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>今天到期</source>
        <translation>今天到期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 前</source>
        <translation>%1 前</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>核实</source>
        <translation>核实</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>整改</source>
        <translation>整改</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>反馈</source>
        <translation>反馈</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>办结</source>
        <translation>办结</translation>
    </message>
    <message>
        <location line="+57"/>
        <source>正在读取整改进度…</source>
        <translation>正在读取整改进度…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>以管理员账号登录后可推进整改。</source>
        <translation>以管理员账号登录后可推进整改。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>没有未办结的差评。</source>
        <translation>没有未办结的差评。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>选中一条差评，推进它的整改。</source>
        <translation>选中一条差评，推进它的整改。</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>已推进：%1 → %2</source>
        <translation>已推进：%1 → %2</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>%1 号窗口</source>
        <translation>%1 号窗口</translation>
    </message>
    <message>
        <location line="-27"/>
        <source> 处理情况仍在框中，可再次提交。</source>
        <translation> 处理情况仍在框中，可再次提交。</translation>
    </message>
    <message>
        <location line="-12"/>
        <source>未能推进：%1。%2</source>
        <translation>未能推进：%1。%2</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>完成“%1”，办结</source>
        <translation>完成“%1”，办结</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>完成“%1”，转入“%2”</source>
        <translation>完成“%1”，转入“%2”</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>（%1）</source>
        <translation>（%1）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 → %2：%3（%4，%5）</source>
        <translation>%1 → %2：%3（%4，%5）</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>%1 号窗口 · %2</source>
        <translation>%1 号窗口 · %2</translation>
    </message>
    <message>
        <location line="-270"/>
        <source>%1 号窗口 %2</source>
        <translation>%1 号窗口 %2</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>差评整改超期：%1，“%2”阶段限 %3 前完成</source>
        <translation>差评整改超期：%1，“%2”阶段限 %3 前完成</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>差评：%1（%2），待核实</source>
        <translation>差评：%1（%2），待核实</translation>
    </message>
    <message>
        <location filename="../../hallclient/ui/monitor/controller.py" line="+11"/>
        <source>空闲</source>
        <translation>空闲</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>叫号中</source>
        <translation>叫号中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>办理中</source>
        <translation>办理中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>暂停服务</source>
        <translation>暂停服务</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>未登录</source>
        <translation>未登录</translation>
    </message>
    <message>
        <location filename="../../hallclient/ui/monitor/rectifications.py" line="+62"/>
        <source>非常不满意</source>
        <translation>非常不满意</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>不满意</source>
        <translation>不满意</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>基本满意</source>
        <translation>基本满意</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>满意</source>
        <translation>满意</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>非常满意</source>
        <translation>非常满意</translation>
    </message>
    <message>
        <location filename="../../hallclient/ui/monitor/controller.py" line="+7"/>
        <source>不到 1 分钟</source>
        <translation>不到 1 分钟</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 分钟</source>
        <translation>%1 分钟</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 小时 %2 分</source>
        <translation>%1 小时 %2 分</translation>
    </message>
</context>
<context>
    <name>MonitorWindow</name>
    <message>
        <location filename="../../hallclient/ui/monitor/view.py" line="+95"/>
        <source>大厅监控</source>
        <translation>大厅监控</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>今日取号</source>
        <translation>今日取号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已办结</source>
        <translation>已办结</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>正在等候</source>
        <translation>正在等候</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>平均等候</source>
        <translation>平均等候</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>在岗窗口</source>
        <translation>在岗窗口</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>过号</source>
        <translation>过号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>今日差评</source>
        <translation>今日差评</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>业务</source>
        <translation>业务</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>号段</source>
        <translation>号段</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>等候人数</source>
        <translation>等候人数</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>最久等候</source>
        <translation>最久等候</translation>
    </message>
    <message>
        <location line="+10"/>
        <location line="+19"/>
        <source>窗口</source>
        <translation>窗口</translation>
    </message>
    <message>
        <location line="-18"/>
        <source>状态</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>工作人员</source>
        <translation>工作人员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>当前号</source>
        <translation>当前号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已用时</source>
        <translation>已用时</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>暂停原因</source>
        <translation>暂停原因</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>评价时间</source>
        <translation>评价时间</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>事项</source>
        <translation>事项</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>阶段</source>
        <translation>阶段</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>时限</source>
        <translation>时限</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>推进整改…</source>
        <translation>推进整改…</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>差评整改（未办结）</source>
        <translation>差评整改（未办结）</translation>
    </message>
    <message>
        <location line="-41"/>
        <source>号码</source>
        <translation>号码</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>评价</source>
        <translation>评价</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>原因</source>
        <translation>原因</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>各业务排队</source>
        <translation>各业务排队</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>窗口状态</source>
        <translation>窗口状态</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>提醒</source>
        <translation>提醒</translation>
    </message>
    <message>
        <location filename="../../hallclient/ui/monitor/app.py" line="+104"/>
        <source>登录：%1</source>
        <translation>登录：%1</translation>
    </message>
</context>
<context>
    <name>OutcomeBox</name>
    <message>
        <location filename="../../hallclient/ui/intake/form_views.py" line="+17"/>
        <source>受理结论</source>
        <translation>受理结论</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>申请人签署容缺受理承诺书(&amp;L)</source>
        <translation>申请人签署容缺受理承诺书(&amp;L)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source> 个工作日内补齐</source>
        <translation> 个工作日内补齐</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>不属于本大厅受理范围或无法律依据(&amp;R)</source>
        <translation>不属于本大厅受理范围或无法律依据(&amp;R)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>不予受理的理由</source>
        <translation>不予受理的理由</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>告知申请人应向何处申请（选填）</source>
        <translation>告知申请人应向何处申请（选填）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>按系统建议</source>
        <translation>按系统建议</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>改为：</source>
        <translation>改为：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>结论(&amp;V)</source>
        <translation>结论(&amp;V)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>改判理由（将记入审计）</source>
        <translation>改判理由（将记入审计）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>即办件当场办结(&amp;J)</source>
        <translation>即办件当场办结(&amp;J)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>保存 (Ctrl+S)</source>
        <translation>保存 (Ctrl+S)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>新受理 (Ctrl+N)</source>
        <translation>新受理 (Ctrl+N)</translation>
    </message>
</context>
<context>
    <name>PaperTicketController</name>
    <message>
        <location filename="../../hallclient/ui/controllers/paper_tickets.py" line="+70"/>
        <source>纸质号票</source>
        <translation>纸质号票</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>办理中</source>
        <translation>办理中</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>手工登记纸质号票</source>
        <translation>手工登记纸质号票</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>服务器离线。请输入申请人纸质号票上的号码，恢复连接后会自动核对：</source>
        <translation>服务器离线。请输入申请人纸质号票上的号码，恢复连接后会自动核对：</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>已登记纸质号票 %1，恢复连接后自动核对。</source>
        <translation>已登记纸质号票 %1，恢复连接后自动核对。</translation>
    </message>
</context>
<context>
    <name>PauseDialog</name>
    <message>
        <location filename="../../hallclient/ui/views/queue_dialogs.py" line="+142"/>
        <source>暂停服务</source>
        <translation>暂停服务</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>请选择暂停原因：</source>
        <translation>请选择暂停原因：</translation>
    </message>
</context>
<context>
    <name>Presenter</name>
    <message>
        <location filename="../../hallclient/ui/controllers/presenter.py" line="+16"/>
        <source>等候中</source>
        <translation>等候中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已叫号，等候申请人到窗口</source>
        <translation>已叫号，等候申请人到窗口</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+21"/>
        <source>办理中</source>
        <translation>办理中</translation>
    </message>
    <message>
        <location line="-20"/>
        <source>已办结</source>
        <translation>已办结</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已过号</source>
        <translation>已过号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已取消</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已转移</source>
        <translation>已转移</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已挂起</source>
        <translation>已挂起</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>窗口状态未知</source>
        <translation>窗口状态未知</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>暂停服务</source>
        <translation>暂停服务</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>空闲，可以叫号</source>
        <translation>空闲，可以叫号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>叫号中</source>
        <translation>叫号中</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>未登录</source>
        <translation>未登录</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>%1 秒</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 分钟</source>
        <translation>%1 分钟</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 小时 %2 分</source>
        <translation>%1 小时 %2 分</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>本窗口可叫 %1 人</source>
        <translation>本窗口可叫 %1 人</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>（本窗口）</source>
        <translation>（本窗口）</translation>
    </message>
</context>
<context>
    <name>PrintPreviewDialog</name>
    <message>
        <location filename="../../hallclient/ui/printing/preview.py" line="+86"/>
        <source>打印预览 — %1</source>
        <translation>打印预览 — %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>（补打）</source>
        <translation>（补打）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>上一页</source>
        <translation>上一页</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>下一页</source>
        <translation>下一页</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+140"/>
        <source>/ %1 页</source>
        <translation>/ %1 页</translation>
    </message>
    <message>
        <location line="-137"/>
        <source>缩小</source>
        <translation>缩小</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>放大</source>
        <translation>放大</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>适合宽度</source>
        <translation>适合宽度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A4 纸</source>
        <translation>A4 纸</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>80 毫米热敏卷纸</source>
        <translation>80 毫米热敏卷纸</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>正在生成预览…</source>
        <translation>正在生成预览…</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>另存为 PDF(&amp;S)…</source>
        <translation>另存为 PDF(&amp;S)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>打印(&amp;P)…</source>
        <translation>打印(&amp;P)…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>关闭</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="+98"/>
        <source>无法生成预览：</source>
        <translation>无法生成预览：</translation>
    </message>
</context>
<context>
    <name>PrintService</name>
    <message>
        <location filename="../../hallclient/ui/printing/service.py" line="+63"/>
        <source>打印</source>
        <translation>打印</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>另存为 PDF</source>
        <translation>另存为 PDF</translation>
    </message>
    <message>
        <location line="+190"/>
        <source>注意：有 %1 个字没有打印字体，打印前会提示。</source>
        <translation>注意：有 %1 个字没有打印字体，打印前会提示。</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>正在打印…</source>
        <translation>正在打印…</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>已打印，并已随办件保存。</source>
        <translation>已打印，并已随办件保存。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>已打印，但保存到办件失败：</source>
        <translation>已打印，但保存到办件失败：</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>打印失败：</source>
        <translation>打印失败：</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>已保存：%1</source>
        <translation>已保存：%1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>磁盘已满，请换个位置保存或清理磁盘后再试。</source>
        <translation>磁盘已满，请换个位置保存或清理磁盘后再试。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>保存失败：</source>
        <translation>保存失败：</translation>
    </message>
</context>
<context>
    <name>Printing</name>
    <message>
        <location filename="../../hallclient/ui/printing/preview.py" line="-201"/>
        <source>受理回执</source>
        <translation>受理回执</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>一次性告知书</source>
        <translation>一次性告知书</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>容缺受理通知书</source>
        <translation>容缺受理通知书</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>不予受理通知书</source>
        <translation>不予受理通知书</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>排队号票</source>
        <translation>排队号票</translation>
    </message>
    <message>
        <location filename="../../hallclient/ui/printing/hooks.py" line="+32"/>
        <source>补打：%1（%2 %3 打印）</source>
        <translation>补打：%1（%2 %3 打印）</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>打印%1…</source>
        <translation>打印%1…</translation>
    </message>
</context>
<context>
    <name>QueuePanel</name>
    <message>
        <location filename="../../hallclient/ui/views/queue_panel.py" line="+98"/>
        <source>当前号</source>
        <translation>当前号</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>业务</source>
        <translation>业务</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>等候</source>
        <translation>等候</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>最长等候</source>
        <translation>最长等候</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>本窗口等候人数</source>
        <translation>本窗口等候人数</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>挂起的号（选中后按 F10 恢复）</source>
        <translation>挂起的号（选中后按 F10 恢复）</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>绿色通道</source>
        <translation>绿色通道</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>手工登记（离线）</source>
        <translation>手工登记（离线）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>已等候 %1</source>
        <translation>已等候 %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>重呼 %1 次</source>
        <translation>重呼 %1 次</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>（已达上限）</source>
        <translation>（已达上限）</translation>
    </message>
</context>
<context>
    <name>RareCharacterDialog</name>
    <message>
        <location filename="../../hallclient/ui/printing/warning.py" line="+24"/>
        <source>生僻字提示</source>
        <translation>生僻字提示</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>以下文字没有可用的打印字体，打印出来将显示为“〓”：</source>
        <translation>以下文字没有可用的打印字体，打印出来将显示为“〓”：</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>请在打印后于“〓”处手写补全，并请申请人核对签字；或请信息技术人员安装含这些字的字体后再打印。</source>
        <translation>请在打印后于“〓”处手写补全，并请申请人核对签字；或请信息技术人员安装含这些字的字体后再打印。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>我已知晓，打印后手写补全(&amp;K)</source>
        <translation>我已知晓，打印后手写补全(&amp;K)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>继续打印</source>
        <translation>继续打印</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>取消</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>RatingPrompt</name>
    <message>
        <location filename="../../hallclient/ui/views/rating_prompt.py" line="+115"/>
        <source>服务评价</source>
        <translation>服务评价</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>请对本次服务进行评价</source>
        <translation>请对本次服务进行评价</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>非常满意</source>
        <translation>非常满意</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>满意</source>
        <translation>满意</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>基本满意</source>
        <translation>基本满意</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>不满意</source>
        <translation>不满意</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>非常不满意</source>
        <translation>非常不满意</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>很抱歉没有让您满意，请告诉我们原因（可多选）：</source>
        <translation>很抱歉没有让您满意，请告诉我们原因（可多选）：</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>其他意见或建议（可选）</source>
        <translation>其他意见或建议（可选）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>提交评价</source>
        <translation>提交评价</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>感谢您的评价！</source>
        <translation>感谢您的评价！</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>窗口 %1 · 号码 %2</source>
        <translation>窗口 %1 · 号码 %2</translation>
    </message>
    <message>
        <location line="+83"/>
        <source>%1 秒后自动关闭</source>
        <translation>%1 秒后自动关闭</translation>
    </message>
</context>
<context>
    <name>RectificationDialog</name>
    <message>
        <location filename="../../hallclient/ui/monitor/rectify.py" line="+53"/>
        <source>差评整改</source>
        <translation>差评整改</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>工作人员</source>
        <translation>工作人员</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>事项</source>
        <translation>事项</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>评价</source>
        <translation>评价</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>评价人留言</source>
        <translation>评价人留言</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>评价时间</source>
        <translation>评价时间</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>当前阶段</source>
        <translation>当前阶段</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>已完成</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>本阶段核实或处理的情况（必填）</source>
        <translation>本阶段核实或处理的情况（必填）</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>处理情况</source>
        <translation>处理情况</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>正在提交…</source>
        <translation>正在提交…</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>处理情况最多 %1 字。</source>
        <translation>处理情况最多 %1 字。</translation>
    </message>
</context>
<context>
    <name>RenumberedNotice</name>
    <message>
        <location filename="../../hallclient/ui/sync/renumbered_notice.py" line="+21"/>
        <source>受理编号已更改</source>
        <translation>受理编号已更改</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n个办件的受理编号已被本窗口的其他办件使用（本窗口更换电脑后、同步完成前受理的办件），已自动改号。已打印的回执、通知书上仍是原编号，请在办件详情中重新打印并交给申请人。</source>
        <translation>
            <numerusform>%n个办件的受理编号已被本窗口的其他办件使用（本窗口更换电脑后、同步完成前受理的办件），已自动改号。已打印的回执、通知书上仍是原编号，请在办件详情中重新打印并交给申请人。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SelfTest</name>
    <message>
        <location filename="../../hallclient/selftest.py" line="+172"/>
        <source>政务服务大厅</source>
        <translation>政务服务大厅</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../hallclient/ui/views/dialogs.py" line="+20"/>
        <source>设置</source>
        <translation>设置</translation>
    </message>
    <message>
        <location line="+10"/>
        <source> 秒</source>
        <translation> 秒</translation>
    </message>
    <message>
        <location line="+4"/>
        <source> 小时</source>
        <translation> 小时</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>窗口号、服务器地址和语言在重新登录或重新启动后生效。</source>
        <translation>窗口号、服务器地址和语言在重新登录或重新启动后生效。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>服务器地址</source>
        <translation>服务器地址</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>窗口号</source>
        <translation>窗口号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>界面语言</source>
        <translation>界面语言</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>评价超时</source>
        <translation>评价超时</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>离线登录有效期</source>
        <translation>离线登录有效期</translation>
    </message>
    <message>
        <location filename="../../hallclient/ui/controllers/signin.py" line="+219"/>
        <source>请填写窗口号</source>
        <translation>请填写窗口号</translation>
    </message>
</context>
<context>
    <name>SetupDialog</name>
    <message>
        <location filename="../../hallclient/ui/views/dialogs.py" line="-116"/>
        <source>首次设置</source>
        <translation>首次设置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>请填写中心服务器地址和本机所在的窗口号。以后可在“系统 → 设置”中修改。</source>
        <translation>请填写中心服务器地址和本机所在的窗口号。以后可在“系统 → 设置”中修改。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>测试连接</source>
        <translation>测试连接</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>服务器地址</source>
        <translation>服务器地址</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>窗口号</source>
        <translation>窗口号</translation>
    </message>
    <message>
        <location filename="../../hallclient/ui/controllers/signin.py" line="-77"/>
        <source>连接成功，服务器版本 %1</source>
        <translation>连接成功，服务器版本 %1</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>正在连接…</source>
        <translation>正在连接…</translation>
    </message>
</context>
<context>
    <name>ShortcutHelp</name>
    <message>
        <location filename="../../hallclient/ui/views/queue_dialogs.py" line="+45"/>
        <source>快捷键</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>按键</source>
        <translation>按键</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>操作</source>
        <translation>操作</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>说明</source>
        <translation>说明</translation>
    </message>
</context>
<context>
    <name>SignInFlow</name>
    <message>
        <location filename="../../hallclient/ui/controllers/signin.py" line="-49"/>
        <source>设置已保存；服务器地址和窗口号重启后生效。</source>
        <translation>设置已保存；服务器地址和窗口号重启后生效。</translation>
    </message>
</context>
<context>
    <name>SingleInstance</name>
    <message>
        <location filename="../../hallclient/ui/single_instance.py" line="+280"/>
        <source>叫号大屏已在运行</source>
        <translation>叫号大屏已在运行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>本机已有一个叫号大屏程序在使用这个数据文件夹，但它没有响应，本次启动已取消。请切换到已打开的叫号大屏；如果它一直没有响应，请将它关闭（必要时在任务管理器中结束）后再启动。</source>
        <translation>本机已有一个叫号大屏程序在使用这个数据文件夹，但它没有响应，本次启动已取消。请切换到已打开的叫号大屏；如果它一直没有响应，请将它关闭（必要时在任务管理器中结束）后再启动。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>取号机已在运行</source>
        <translation>取号机已在运行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>本机已有一个取号机程序在使用这个数据文件夹，但它没有响应，本次启动已取消。请切换到已打开的取号机；如果它一直没有响应，请将它关闭（必要时在任务管理器中结束）后再启动。</source>
        <translation>本机已有一个取号机程序在使用这个数据文件夹，但它没有响应，本次启动已取消。请切换到已打开的取号机；如果它一直没有响应，请将它关闭（必要时在任务管理器中结束）后再启动。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>大厅监控已在运行</source>
        <translation>大厅监控已在运行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>本机已有一个大厅监控程序在使用这个数据文件夹，但它没有响应，本次启动已取消。请切换到已打开的大厅监控；如果它一直没有响应，请将它关闭（必要时在任务管理器中结束）后再启动。</source>
        <translation>本机已有一个大厅监控程序在使用这个数据文件夹，但它没有响应，本次启动已取消。请切换到已打开的大厅监控；如果它一直没有响应，请将它关闭（必要时在任务管理器中结束）后再启动。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>窗口端已在运行</source>
        <translation>窗口端已在运行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>本机已有一个窗口端程序在使用这个数据文件夹，但它没有响应，本次启动已取消。请切换到已打开的窗口端；如果它一直没有响应，请将它关闭（必要时在任务管理器中结束）后再启动。</source>
        <translation>本机已有一个窗口端程序在使用这个数据文件夹，但它没有响应，本次启动已取消。请切换到已打开的窗口端；如果它一直没有响应，请将它关闭（必要时在任务管理器中结束）后再启动。</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>数据文件夹：{path}</source>
        <translation>数据文件夹：{path}</translation>
    </message>
</context>
<context>
    <name>SupplementDialog</name>
    <message>
        <location filename="../../hallclient/ui/intake/dialogs.py" line="-97"/>
        <source>补正 — %1</source>
        <translation>补正 — %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>待补材料</source>
        <translation>待补材料</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>收取方式</source>
        <translation>收取方式</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>电子证照编号</source>
        <translation>电子证照编号</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>备注（选填）</source>
        <translation>备注（选填）</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>勾选申请人本次补交的材料（空格键勾选）：</source>
        <translation>勾选申请人本次补交的材料（空格键勾选）：</translation>
    </message>
</context>
<context>
    <name>SyncDetailsDialog</name>
    <message>
        <location filename="../../hallclient/ui/sync/details_dialog.py" line="+34"/>
        <source>同步详情</source>
        <translation>同步详情</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>编号</source>
        <translation>编号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>类型</source>
        <translation>类型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>内容</source>
        <translation>内容</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>状态</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>时间</source>
        <translation>时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>原因</source>
        <translation>原因</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>怎么办</source>
        <translation>怎么办</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>立即同步</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>重新提交</source>
        <translation>重新提交</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>采用服务器版本</source>
        <translation>采用服务器版本</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>放弃本窗口未被接受的修改，以服务器上的办件为准</source>
        <translation>放弃本窗口未被接受的修改，以服务器上的办件为准</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>保留我的修改</source>
        <translation>保留我的修改</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>在服务器的最新版本上重新提交本窗口的修改</source>
        <translation>在服务器的最新版本上重新提交本窗口的修改</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>复制给值班长</source>
        <translation>复制给值班长</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>关闭</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>本程序版本过旧，服务器已停止接收它的数据。请联系信息技术人员升级；本机数据都已保留。</source>
        <translation>本程序版本过旧，服务器已停止接收它的数据。请联系信息技术人员升级；本机数据都已保留。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>服务器暂时无法处理同步：办件、评价等都已保存在本机，稍后会自动重试。若持续出现，请联系信息技术人员查看服务器。</source>
        <translation>服务器暂时无法处理同步：办件、评价等都已保存在本机，稍后会自动重试。若持续出现，请联系信息技术人员查看服务器。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>当前离线：办件、评价等都已保存在本机，网络恢复后会自动同步。</source>
        <translation>当前离线：办件、评价等都已保存在本机，网络恢复后会自动同步。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>已连接服务器。</source>
        <translation>已连接服务器。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>待同步 %1 条，冲突 %2 条，被拒绝 %3 条。最后同步：%4。</source>
        <translation>待同步 %1 条，冲突 %2 条，被拒绝 %3 条。最后同步：%4。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>最近的问题：%1</source>
        <translation>最近的问题：%1</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>无需操作，会自动同步</source>
        <translation>无需操作，会自动同步</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>同步问题（%1 条）</source>
        <translation>同步问题（%1 条）</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>采用服务器上的办件版本：本窗口未被服务器接受的修改将作废（仍保留记录）。确定吗？</source>
        <translation>采用服务器上的办件版本：本窗口未被服务器接受的修改将作废（仍保留记录）。确定吗？</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>保留本窗口的修改：将在服务器的最新版本上重新提交，由服务器再次核对。确定吗？</source>
        <translation>保留本窗口的修改：将在服务器的最新版本上重新提交，由服务器再次核对。确定吗？</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>处理同步冲突</source>
        <translation>处理同步冲突</translation>
    </message>
</context>
<context>
    <name>SyncStatusWidget</name>
    <message>
        <location filename="../../hallclient/ui/sync/status_widget.py" line="+38"/>
        <source>点击查看同步详情</source>
        <translation>点击查看同步详情</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>● 同步：连接中</source>
        <translation>● 同步：连接中</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>● 程序需要升级</source>
        <translation>● 程序需要升级</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>● 同步中</source>
        <translation>● 同步中</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>● 在线</source>
        <translation>● 在线</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>● 服务器暂时故障（数据已保存在本机）</source>
        <translation>● 服务器暂时故障（数据已保存在本机）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>● 离线（数据已保存在本机）</source>
        <translation>● 离线（数据已保存在本机）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>待同步 %1</source>
        <translation>待同步 %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>需处理 %1</source>
        <translation>需处理 %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>最后同步 %1</source>
        <translation>最后同步 %1</translation>
    </message>
</context>
<context>
    <name>SyncTexts</name>
    <message>
        <location filename="../../hallclient/ui/sync/texts.py" line="+14"/>
        <source>新建办件</source>
        <translation>新建办件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>补正材料</source>
        <translation>补正材料</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>撤回办件</source>
        <translation>撤回办件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>当场办结</source>
        <translation>当场办结</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>修改办件</source>
        <translation>修改办件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>好差评</source>
        <translation>好差评</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>审计记录</source>
        <translation>审计记录</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>手工排队号</source>
        <translation>手工排队号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>打印记录</source>
        <translation>打印记录</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>待同步</source>
        <translation>待同步</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>冲突</source>
        <translation>冲突</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>被拒绝</source>
        <translation>被拒绝</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>服务器升级后可点“重新提交”</source>
        <translation>服务器升级后可点“重新提交”</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>核对后选“采用服务器版本”或“保留我的修改”</source>
        <translation>核对后选“采用服务器版本”或“保留我的修改”</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>请交值班长处理（可点“复制给值班长”）</source>
        <translation>请交值班长处理（可点“复制给值班长”）</translation>
    </message>
</context>
<context>
    <name>TicketNumberDialog</name>
    <message>
        <location filename="../../hallclient/ui/views/queue_dialogs.py" line="-25"/>
        <source>备注（可选）</source>
        <translation>备注（可选）</translation>
    </message>
</context>
<context>
    <name>TicketPrinter</name>
    <message>
        <location filename="../../hallclient/ui/kiosk/printer.py" line="+54"/>
        <source>磁盘已满</source>
        <translation>磁盘已满</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>号票文件无法保存：%1</source>
        <translation>号票文件无法保存：%1</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>没有可用的打印机。</source>
        <translation>没有可用的打印机。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>打印机不可用：%1</source>
        <translation>打印机不可用：%1</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>无法开始打印：%1</source>
        <translation>无法开始打印：%1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>打印机拒绝了下一页。</source>
        <translation>打印机拒绝了下一页。</translation>
    </message>
</context>
<context>
    <name>TransferDialog</name>
    <message>
        <location filename="../../hallclient/ui/views/queue_dialogs.py" line="-119"/>
        <source>转移 %1</source>
        <translation>转移 %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>转到业务</source>
        <translation>转到业务</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>转到窗口</source>
        <translation>转到窗口</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>给下一个窗口的说明（可选）</source>
        <translation>给下一个窗口的说明（可选）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>保留原取号时间（不重新排队）</source>
        <translation>保留原取号时间（不重新排队）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>确认后 %1 将离开本窗口。</source>
        <translation>确认后 %1 将离开本窗口。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>说明</source>
        <translation>说明</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>确认转移</source>
        <translation>确认转移</translation>
    </message>
</context>
<context>
    <name>WindowActionSender</name>
    <message>
        <location filename="../../hallclient/ui/controllers/window_actions.py" line="+202"/>
        <source>操作结果未知：%1 恢复连接后自动补发，不会重复。</source>
        <translation>操作结果未知：%1 恢复连接后自动补发，不会重复。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>操作未完成：%1 恢复连接后再按一次即可，不会重复。</source>
        <translation>操作未完成：%1 恢复连接后再按一次即可，不会重复。</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>操作结果未知：%1 稍后自动补发，不会重复。</source>
        <translation>操作结果未知：%1 稍后自动补发，不会重复。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>操作结果未知：%1 如画面未更新，再按一次即可，不会重复。</source>
        <translation>操作结果未知：%1 如画面未更新，再按一次即可，不会重复。</translation>
    </message>
</context>
</TS>
