<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>App</name>
    <message>
        <location filename="../../hallclient/app.py" line="+296"/>
        <source>设置已保存；服务器地址、窗口号和语言在重新启动后生效。</source>
        <translation>Settings saved; the server address, window number and language apply after a restart.</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>设置文件有误，本次已改用默认设置，请重新设置服务器地址和窗口号。</source>
        <translation>The settings file has errors, so the default settings are in use. Please set the server address and window number again.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>原设置文件已另存为：{path}</source>
        <translation>The old settings file was kept as: {path}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>设置文件有误</source>
        <translation>Settings file has errors</translation>
    </message>
</context>
<context>
    <name>ApplicantForm</name>
    <message>
        <location filename="../../hallclient/ui/intake/form_views.py" line="+113"/>
        <source>申请人</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>自然人(&amp;P)</source>
        <translation>&amp;Person</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>法人/其他组织(&amp;O)</source>
        <translation>&amp;Organization</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>与证件一致</source>
        <translation>As on the ID document</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>18位，末位可为X</source>
        <translation>18 characters; the last may be X</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>18位统一社会信用代码</source>
        <translation>18-character unified social credit code</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>法定代表人姓名</source>
        <translation>Name of the legal representative</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+46"/>
        <source>11位手机号码</source>
        <translation>11-digit mobile number</translation>
    </message>
    <message>
        <location line="-45"/>
        <source>代办人办理(&amp;D)</source>
        <translation>Filed by an a&amp;gent</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+16"/>
        <source>代办人姓名</source>
        <translation>Agent&apos;s name</translation>
    </message>
    <message>
        <location line="-15"/>
        <source>代办人公民身份号码</source>
        <translation>Agent&apos;s ID number</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+35"/>
        <source>姓名(&amp;N)</source>
        <translation>&amp;Name</translation>
    </message>
    <message>
        <location line="-33"/>
        <location line="+34"/>
        <source>手机号码</source>
        <translation>Mobile number</translation>
    </message>
    <message>
        <location line="-30"/>
        <source>公民身份号码</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>统一社会信用代码</source>
        <translation>Unified social credit code</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>法定代表人</source>
        <translation>Legal representative</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>代办人身份号码</source>
        <translation>Agent&apos;s ID number</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>单位名称(&amp;N)</source>
        <translation>Organization &amp;name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>联系电话(选填)</source>
        <translation>Phone (optional)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>手机或带区号的固话，如 0591-87654321 转 801</source>
        <translation>Mobile or landline with area code, e.g. 0591-87654321 ext. 801</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>可填：11位手机号码；带区号的固定电话，分机号前写“转”；400/800 电话</source>
        <translation>Accepted: an 11-digit mobile number; a landline with its area code (write 转 or ext before an extension); a 400/800 number</translation>
    </message>
</context>
<context>
    <name>CaseDetailView</name>
    <message>
        <location filename="../../hallclient/ui/intake/case_list_view.py" line="+48"/>
        <source>补正(&amp;B)</source>
        <translation>Supp&amp;lement</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>撤回(&amp;W)</source>
        <translation>&amp;Withdraw</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>当场办结(&amp;J)</source>
        <translation>&amp;Complete now</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>显示完整证件号(&amp;I)</source>
        <translation>Show full &amp;ID number</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>查看完整姓名和证件号码会记入审计日志</source>
        <translation>Viewing the full names and ID numbers is recorded in the audit log</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>打印/补打(&amp;P)…</source>
        <translation>&amp;Print / reprint…</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+28"/>
        <source>其他窗口受理，办理前需核验身份</source>
        <translation>Taken in at another window: check the applicant&apos;s identity first</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>其他窗口受理，身份已于 %1 核验</source>
        <translation>Taken in at another window; identity checked at %1</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>选择一个办件查看详情</source>
        <translation>Choose a case to see its details</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>受理编号</source>
        <translation>Case no.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>事项</source>
        <translation>Service</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>【一件事】</source>
        <translation>[Bundle] </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>结论</source>
        <translation>Decision</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>系统建议</source>
        <translation>System suggested</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>申请人</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>单位</source>
        <translation>Organization</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>公民身份号码</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>统一社会信用代码</source>
        <translation>Unified social credit code</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>法定代表人</source>
        <translation>Legal representative</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>代办人</source>
        <translation>Agent</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>承诺办结</source>
        <translation>Promised by</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 前补齐</source>
        <translation>due by %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>容缺承诺</source>
        <translation>Missing-documents pledge</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>不予受理理由</source>
        <translation>Reason for rejection</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>窗口/经办人</source>
        <translation>Window / clerk</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>主要</source>
        <translation>core</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>次要</source>
        <translation>secondary</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>材料</source>
        <translation>Documents</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>办理经过</source>
        <translation>History</translation>
    </message>
</context>
<context>
    <name>CaseListController</name>
    <message numerus="yes">
        <location filename="../../hallclient/ui/intake/case_list_controller.py" line="+200"/>
        <source>显示最近 %n 件，请用查找或筛选缩小范围</source>
        <translation>
            <numerusform>Showing the latest %n case; search or filter to narrow down</numerusform>
            <numerusform>Showing the latest %n cases; search or filter to narrow down</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>共 %n 件</source>
        <translation>
            <numerusform>%n case</numerusform>
            <numerusform>%n cases</numerusform>
        </translation>
    </message>
    <message>
        <location line="+97"/>
        <source>已显示完整姓名，本次查看已记入审计日志</source>
        <translation>Full names shown; this view is recorded in the audit log</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>已显示完整姓名和证件号码，本次查看已记入审计日志</source>
        <translation>Full names and ID numbers shown; this view is recorded in the audit log</translation>
    </message>
    <message>
        <location line="+80"/>
        <source>没有勾选补交的材料</source>
        <translation>No documents ticked as handed in</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>补正完成：材料已全部补齐，容缺承诺履行完毕</source>
        <translation>Supplement complete: all documents are in and the pledge is fulfilled</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>已登记补正，仍缺：</source>
        <translation>Supplement recorded; still missing: </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>（逾期补交）</source>
        <translation> (handed in late)</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>已撤回</source>
        <translation>Withdrawn</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>已当场办结</source>
        <translation>Completed on the spot</translation>
    </message>
</context>
<context>
    <name>CaseListModel</name>
    <message>
        <location filename="../../hallclient/ui/intake/case_list_model.py" line="+25"/>
        <source>受理编号</source>
        <translation>Case no.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>受理时间</source>
        <translation>Received</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>事项</source>
        <translation>Service</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>申请人</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>证件号码</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>承诺办结</source>
        <translation>Promised by</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>补正期限</source>
        <translation>Documents due</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>预警</source>
        <translation>Alert</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>排队号</source>
        <translation>Ticket</translation>
    </message>
    <message>
        <location line="+61"/>
        <source>（逾期）</source>
        <translation> (overdue)</translation>
    </message>
</context>
<context>
    <name>CaseListPrompts</name>
    <message>
        <location filename="../../hallclient/ui/intake/dialogs.py" line="+213"/>
        <source>撤回申请</source>
        <translation>Withdraw application</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>办件 %1 的撤回原因：</source>
        <translation>Reason for withdrawing case %1:</translation>
    </message>
</context>
<context>
    <name>CaseListView</name>
    <message>
        <location filename="../../hallclient/ui/intake/case_list_view.py" line="+15"/>
        <source>受理编号、申请人或代办人姓名、证件号码或电话（或后四位）、排队号</source>
        <translation>Case no., applicant or agent name, ID number or phone (or last four), ticket</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>查找办件(&amp;Q)</source>
        <translation>&amp;Find case</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>刷新 (Ctrl+R)</source>
        <translation>Refresh (Ctrl+R)</translation>
    </message>
</context>
<context>
    <name>ChecklistModel</name>
    <message>
        <location filename="../../hallclient/ui/intake/checklist_model.py" line="+82"/>
        <source>申请材料</source>
        <translation>Document</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>类别</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>要求</source>
        <translation>Requirement</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>原件</source>
        <translation>Originals</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>复印件</source>
        <translation>Copies</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>电子证照编号</source>
        <translation>E-licence number</translation>
    </message>
    <message>
        <location line="+108"/>
        <source>适用情形：</source>
        <translation>Applies when: </translation>
    </message>
    <message>
        <location line="+5"/>
        <source>可用电子证照：</source>
        <translation>E-licence accepted: </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>所属事项：</source>
        <translation>Required by: </translation>
    </message>
    <message>
        <location line="+26"/>
        <source>主要</source>
        <translation>core</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>次要</source>
        <translation>secondary</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>·可容缺</source>
        <translation> · may follow later</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>未勾选</source>
        <translation>Not checked</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>可用电子证照</source>
        <translation>E-licence accepted</translation>
    </message>
</context>
<context>
    <name>Connector</name>
    <message>
        <location filename="../../hallclient/ui/roles/launch.py" line="+171"/>
        <source>无法连接服务器，正在重试…</source>
        <translation>Cannot reach the server; retrying…</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>设备未登记或账号无效：</source>
        <translation>Device not registered or account not valid: </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>连接失败：</source>
        <translation>Connection failed: </translation>
    </message>
</context>
<context>
    <name>CounterActions</name>
    <message>
        <location filename="../../hallclient/ui/views/actions.py" line="+45"/>
        <source>叫号</source>
        <translation>Call</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>呼叫下一位等候的申请人</source>
        <translation>Call the next waiting applicant</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>重呼</source>
        <translation>Recall</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>再次呼叫当前号</source>
        <translation>Call the current ticket again</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>开始办理</source>
        <translation>Start</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>申请人已到窗口，开始办理</source>
        <translation>The applicant is at the counter: start serving</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>办结</source>
        <translation>Finish</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>办理完毕，请申请人评价</source>
        <translation>Done: ask the applicant for a rating</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>过号</source>
        <translation>No-show</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>申请人未到，标记过号（需确认）</source>
        <translation>The applicant did not come: mark as no-show (asks first)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>转移</source>
        <translation>Transfer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>转到其他业务或窗口（需确认）</source>
        <translation>Move to another service or window (asks first)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>挂起</source>
        <translation>Suspend</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>申请人暂离补材料，回来无需重新取号</source>
        <translation>The applicant leaves to fetch a document and comes back without a new ticket</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>暂停服务</source>
        <translation>Pause</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>暂停或恢复本窗口叫号</source>
        <translation>Pause or resume calling at this window</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>指定叫号</source>
        <translation>Call number</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>按号码呼叫指定的号</source>
        <translation>Call a specific ticket by its number</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>恢复挂起</source>
        <translation>Resume</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>恢复选中的挂起号</source>
        <translation>Resume the selected suspended ticket</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>手工登记</source>
        <translation>Paper ticket</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>离线时登记纸质号票</source>
        <translation>Log a paper ticket while offline</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>快捷键</source>
        <translation>Shortcuts</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>显示快捷键说明</source>
        <translation>Show the keyboard shortcuts</translation>
    </message>
</context>
<context>
    <name>CounterController</name>
    <message>
        <location filename="../../hallclient/ui/controllers/counter.py" line="+162"/>
        <source>工作人员：%1</source>
        <translation>Clerk: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>窗口 %1</source>
        <translation>Window %1</translation>
    </message>
    <message>
        <location line="+139"/>
        <source>按 F1 呼叫下一位</source>
        <translation>Press F1 to call the next applicant</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>离线：可按 F11 登记纸质号票</source>
        <translation>Offline: press F11 to log a paper ticket</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>离线</source>
        <translation>Offline</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>另一位同名工作人员</source>
        <translation>another clerk with the same name</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 号窗口已不由您登录（现在：%2）。本机不能再叫号；如需在本机继续，请重新登录。</source>
        <translation>Window %1 is no longer signed in by you (now: %2). This PC cannot call any more; to go on here, sign in again.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>● 已连接服务器</source>
        <translation>● Connected</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>● 离线</source>
        <translation>● Offline</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>无法连接服务器（离线）。当前申请人的办理可以继续；叫号暂不可用，纸质号票请按 F11 登记。恢复连接后自动上线。</source>
        <translation>The server cannot be reached (offline). Keep serving the current applicant; calling is unavailable, log paper tickets with F11. The counter reconnects by itself.</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>恢复服务</source>
        <translation>Resume service</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>暂停服务</source>
        <translation>Pause</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>已达重呼次数上限（%1 次）</source>
        <translation>Recall limit reached (%1 times)</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>当前没有等候的申请人。</source>
        <translation>Nobody is waiting.</translation>
    </message>
    <message>
        <location line="+62"/>
        <source>确认 %1 过号？申请人需重新取号。</source>
        <translation>Mark %1 as no-show? The applicant will need a new ticket.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>过号</source>
        <translation>No-show</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>指定叫号</source>
        <translation>Call number</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>请输入要呼叫的号码，例如 A012：</source>
        <translation>Ticket number to call, e.g. A012:</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>%1 已恢复排队。</source>
        <translation>%1 is back in the queue.</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>服务器已恢复，请联网登录以继续叫号。</source>
        <translation>The server is back: sign in online to continue calling.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>已恢复与服务器的连接。</source>
        <translation>Connection to the server restored.</translation>
    </message>
    <message>
        <location line="+71"/>
        <source>评价待保存：%1 条</source>
        <translation>Ratings waiting to be saved: %1</translation>
    </message>
    <message>
        <location line="-383"/>
        <location line="+367"/>
        <source>登录已失效，请重新登录。</source>
        <translation>Your session has expired; please sign in again.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>评价暂未保存，已留存，将自动重试：%1</source>
        <translation>Rating not saved yet; it is kept and will be retried automatically: %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>评价保存失败：%1</source>
        <translation>The rating could not be saved: %1</translation>
    </message>
</context>
<context>
    <name>CounterPrompts</name>
    <message>
        <location filename="../../hallclient/ui/controllers/prompts.py" line="+27"/>
        <source>操作未完成</source>
        <translation>Not done</translation>
    </message>
</context>
<context>
    <name>CounterWindow</name>
    <message>
        <location filename="../../hallclient/ui/views/counter_window.py" line="+23"/>
        <source>窗口端 — 政务服务大厅</source>
        <translation>Counter — Government service hall</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>叫号</source>
        <translation>Call</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>受理功能将在后续版本中提供。</source>
        <translation>Case intake comes in a later version.</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+44"/>
        <source>受理</source>
        <translation>Intake</translation>
    </message>
    <message>
        <location line="-18"/>
        <source>系统(&amp;S)</source>
        <translation>&amp;System</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>设置…</source>
        <translation>Settings…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>退出登录</source>
        <translation>Sign out</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>退出程序</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>帮助(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>设置已保存；服务器地址、窗口号和语言在重新启动后生效。</source>
        <translation>Settings saved; the server address, window number and language apply after a restart.</translation>
    </message>
</context>
<context>
    <name>DisplayController</name>
    <message>
        <location filename="../../hallclient/ui/display/controller.py" line="+109"/>
        <source>请按号码顺序等候，听到叫号后请到相应窗口办理。</source>
        <translation>Please wait for your number to be called, then go to the window shown.</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>● 离线</source>
        <translation>● Offline</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>● 未授权</source>
        <translation>● Not authorized</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>请 %1 号</source>
        <translation>Number %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>到 %1 号窗口办理</source>
        <translation>Please go to window %1</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>%1 号</source>
        <translation>%1</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>%1（%2）等候 %3 人</source>
        <translation>%1 (%2): %3 waiting</translation>
    </message>
</context>
<context>
    <name>DisplayWindow</name>
    <message>
        <location filename="../../hallclient/ui/display/view.py" line="+105"/>
        <source>叫号大屏</source>
        <translation>Calling display</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>正在叫号</source>
        <translation>Now calling</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>号码</source>
        <translation>Number</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>窗口</source>
        <translation>Window</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>各业务等候人数</source>
        <translation>Waiting per service</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>欢迎光临</source>
        <translation>Welcome</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>请留意叫号</source>
        <translation>Please listen for your number</translation>
    </message>
    <message>
        <location filename="../../hallclient/ui/display/app.py" line="+110"/>
        <source>● 正在连接服务器…</source>
        <translation>● Connecting to the server…</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location filename="../../hallclient/ui/errors.py" line="+13"/>
        <source>服务器响应超时，请稍后重试。</source>
        <translation>The server did not answer in time; please try again.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>无法连接服务器，请检查网络。当前为离线状态。</source>
        <translation>Cannot reach the server; check the network. Working offline.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>本地数据库写入失败：</source>
        <translation>Could not write the local database: </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>登录已失效，请重新登录。</source>
        <translation>Your session has expired; please sign in again.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>操作失败。</source>
        <translation>The action failed.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>发生了意外错误：</source>
        <translation>Unexpected error: </translation>
    </message>
</context>
<context>
    <name>IdentityCheckDialog</name>
    <message>
        <location filename="../../hallclient/ui/intake/dialogs.py" line="-80"/>
        <source>核验申请人身份 — %1</source>
        <translation>Check the applicant&apos;s identity — %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>该办件由 %1 号窗口受理，本机只存证件号码后四位。请查看申请人（或代办人）的身份证件，输入其公民身份号码：</source>
        <translation>Window %1 took in this case; this PC keeps only the last four characters of the ID number. Look at the applicant&apos;s (or agent&apos;s) ID card and type the ID number:</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>18位，末位可为X</source>
        <translation>18 characters; the last may be X</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>核验</source>
        <translation>Verify</translation>
    </message>
</context>
<context>
    <name>Intake</name>
    <message>
        <location filename="../../hallclient/ui/intake/install.py" line="+40"/>
        <source>受理</source>
        <translation>Intake</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>办件</source>
        <translation>Cases</translation>
    </message>
    <message>
        <location line="+119"/>
        <source>受理功能无法启动：</source>
        <translation>Intake could not start: </translation>
    </message>
</context>
<context>
    <name>IntakeController</name>
    <message numerus="yes">
        <location filename="../../hallclient/ui/intake/intake_controller.py" line="+147"/>
        <source>找到 %n 项，↓ 选择，Enter 确定</source>
        <translation>
            <numerusform>%n found; ↓ to choose, Enter to confirm</numerusform>
            <numerusform>%n found; ↓ to choose, Enter to confirm</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>没有找到相符的事项</source>
        <translation>No matching service</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>【一件事】</source>
        <translation>[Bundle] </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n 个事项</source>
        <translation>
            <numerusform>%n service</numerusform>
            <numerusform>%n services</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+44"/>
        <source>即办件</source>
        <translation>Same-day</translation>
    </message>
    <message>
        <location line="-44"/>
        <source>承诺件</source>
        <translation>Promised deadline</translation>
    </message>
    <message numerus="yes">
        <location line="+46"/>
        <source>承诺件，%n 个工作日办结</source>
        <translation>
            <numerusform>Promised: done within %n working day</numerusform>
            <numerusform>Promised: done within %n working days</numerusform>
        </translation>
    </message>
    <message>
        <location line="+5"/>
        <source>含 %1 个事项；合并后材料 %2 项（各事项共 %3 项，相同材料只收一次）</source>
        <translation>%1 services; %2 documents after merging (%3 in all, each shared document collected once)</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>该事项不受理此类申请人的申请</source>
        <translation>This service does not accept this kind of applicant</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>男</source>
        <translation>male</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>女</source>
        <translation>female</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>✓ 出生日期 %1，%2</source>
        <translation>✓ Born %1, %2</translation>
    </message>
    <message>
        <location line="+104"/>
        <source>尚未选择事项</source>
        <translation>No service chosen yet</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>系统建议：</source>
        <translation>Suggested: </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>改判为：</source>
        <translation>Changed to: </translation>
    </message>
    <message>
        <location line="+6"/>
        <source>即办件：受理当日办结</source>
        <translation>Same-day: finished on the day of intake</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>承诺办结日期：%1（%2 个工作日）</source>
        <translation>Promised completion: %1 (%2 working days)</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>补正期限：%1</source>
        <translation>Documents due by: %1</translation>
    </message>
    <message numerus="yes">
        <location line="+12"/>
        <source>共 %n 项</source>
        <translation>
            <numerusform>%n item</numerusform>
            <numerusform>%n items</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>未勾选 %n</source>
        <translation>
            <numerusform>%n unchecked</numerusform>
            <numerusform>%n unchecked</numerusform>
        </translation>
    </message>
    <message>
        <location line="+10"/>
        <source>请先选择办理事项</source>
        <translation>Choose a service first</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>申请人信息有误，请按提示修改后再保存</source>
        <translation>The applicant details have errors; correct them as shown, then save</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>正在保存…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>已保存&#x3000;受理编号 %1&#x3000;%2</source>
        <translation>Saved&#x3000;Case no. %1&#x3000;%2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>，补正期限 %1</source>
        <translation>, documents due by %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>，承诺办结 %1</source>
        <translation>, promised by %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>（节假日安排未公布，期限按周一至周五估算）</source>
        <translation> (holiday dates not yet published; deadline estimated on Monday–Friday)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>。按 Ctrl+N 开始新的受理。</source>
        <translation>. Press Ctrl+N for the next intake.</translation>
    </message>
    <message>
        <location line="+64"/>
        <source>新受理</source>
        <translation>New intake</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>当前表单还没有保存。清空它，开始新的受理吗？</source>
        <translation>This form has not been saved. Clear it and start a new intake?</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>请先在左侧查找并选择办理事项</source>
        <translation>Find and choose a service on the left first</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>当前号 %1</source>
        <translation>Ticket %1</translation>
    </message>
</context>
<context>
    <name>IntakeLabels</name>
    <message>
        <location filename="../../hallclient/ui/intake/labels.py" line="+14"/>
        <source>原件</source>
        <translation>Original</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>复印件</source>
        <translation>Copy</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>电子证照(免提交)</source>
        <translation>E-licence (no paper needed)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>缺</source>
        <translation>Missing</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>不符合</source>
        <translation>Not acceptable</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>不适用</source>
        <translation>Not needed</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>受理</source>
        <translation>Accept</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>容缺受理</source>
        <translation>Accept with missing documents</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>一次性告知</source>
        <translation>Notify of required documents</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+9"/>
        <source>不予受理</source>
        <translation>Reject</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>已受理</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>容缺待补正</source>
        <translation>Awaiting missing documents</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已一次性告知</source>
        <translation>Notified of required documents</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>已办结</source>
        <translation>Completed</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已撤回</source>
        <translation>Withdrawn</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+18"/>
        <source>待补正</source>
        <translation>Documents pending</translation>
    </message>
    <message>
        <location line="-17"/>
        <source>已补齐</source>
        <translation>Documents complete</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+17"/>
        <source>承诺逾期</source>
        <translation>Pledge overdue</translation>
    </message>
    <message>
        <location line="-16"/>
        <source>随办件撤回</source>
        <translation>Lapsed (case withdrawn)</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+10"/>
        <source>黄牌</source>
        <translation>Yellow alert</translation>
    </message>
    <message>
        <location line="-9"/>
        <location line="+10"/>
        <source>红牌</source>
        <translation>Red alert</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>今日</source>
        <translation>Today</translation>
    </message>
</context>
<context>
    <name>IntakeView</name>
    <message>
        <location filename="../../hallclient/ui/intake/intake_view.py" line="+210"/>
        <source>事项名称、编码、部门或拼音首字母</source>
        <translation>Service name, code, department or pinyin initials</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>查找事项(&amp;F)</source>
        <translation>&amp;Find service</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>请先在左侧查找并选择办理事项</source>
        <translation>Find and choose a service on the left first</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>全部收齐(&amp;A)</source>
        <translation>&amp;All received</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>键盘：↑↓ 选择材料；1 原件&#x3000;2 复印件&#x3000;3 电子证照&#x3000;4 缺&#x3000;5 不符合&#x3000;0 不适用；Enter 修改份数</source>
        <translation>Keys: ↑↓ choose a document; 1 original&#x3000;2 copy&#x3000;3 e-licence&#x3000;4 missing&#x3000;5 not acceptable&#x3000;0 not needed; Enter changes the number of copies</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>材料清单(&amp;M)</source>
        <translation>&amp;Materials checklist</translation>
    </message>
</context>
<context>
    <name>KioskController</name>
    <message>
        <location filename="../../hallclient/ui/kiosk/controller.py" line="+146"/>
        <source>正在连接服务器…</source>
        <translation>Connecting to the server…</translation>
    </message>
    <message>
        <location line="+82"/>
        <source>网络连接中断，暂时无法取号。请到咨询台（导服台）人工取号，给您带来不便敬请谅解。</source>
        <translation>The network is down, so tickets cannot be issued here. Please get a ticket at the information desk. We apologize for the inconvenience.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>本机未获授权取号，请联系大厅管理员。</source>
        <translation>This machine is not authorized to issue tickets. Please contact the hall manager.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>等候 %1 人</source>
        <translation>%1 waiting</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>已选择绿色通道，请选择业务。</source>
        <translation>Green channel chosen. Please choose a service.</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>预约码应为 4 到 32 位数字或字母，请核对后重新输入。</source>
        <translation>The appointment code has 4 to 32 digits or letters. Please check it and try again.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>预约签到（预约码 %1）：请选择您预约的业务</source>
        <translation>Appointment check-in (code %1): please choose the service you booked</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>暂时无法取号，请到咨询台人工取号。</source>
        <translation>Tickets cannot be issued right now. Please get one at the information desk.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>正在取号，请稍候…</source>
        <translation>Getting your ticket, please wait…</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>您前面还有 %1 人等候</source>
        <translation>%1 people ahead of you</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>正在打印号票…</source>
        <translation>Printing your ticket…</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>预约签到</source>
        <translation>Appointment</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>网络中断，未能取号，请稍后再试或到咨询台人工取号。</source>
        <translation>Network down: no ticket issued. Please try again later or get one at the information desk.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>取号的人较多，系统繁忙，未能取号。请稍后再试，或到咨询台（导服台）人工取号。</source>
        <translation>The system is busy with many applicants and could not issue a ticket. Please try again shortly, or get a ticket at the information desk.</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>系统暂时出现故障，未能取号。请稍后再试，或到咨询台（导服台）人工取号。</source>
        <translation>The system has a temporary fault and no ticket was issued. Please try again shortly, or get a ticket by hand at the information desk.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>请取走号票，留意叫号屏幕和语音提示。</source>
        <translation>Please take your ticket and watch the display for your number.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>号票未能打印（%1）。请记下您的号码，或到咨询台补打。</source>
        <translation>The ticket could not be printed (%1). Please note your number, or get a printed one at the information desk.</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>请留意叫号，到 %1 号窗口办理</source>
        <translation>Please wait to be called to window %1</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <location filename="../../hallclient/ui/kiosk/view.py" line="+165"/>
        <source>自助取号</source>
        <translation>Take a ticket</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>请选择您要办理的业务</source>
        <translation>Please choose a service</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>绿色通道
老年人、残疾人、军人、孕妇优先</source>
        <translation>Green channel
Priority: elderly, disabled, military, pregnant</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>预约签到</source>
        <translation>Appointment check-in</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>取消预约签到</source>
        <translation>Cancel check-in</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>请输入预约码，或扫描预约二维码</source>
        <translation>Enter your appointment code or scan its QR code</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>清空</source>
        <translation>Clear</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>下一步：选择业务</source>
        <translation>Next: choose a service</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>返回</source>
        <translation>Back</translation>
    </message>
    <message>
        <location line="+15"/>
        <location line="+82"/>
        <source>您的排队号</source>
        <translation>Your number</translation>
    </message>
    <message>
        <location line="-61"/>
        <source>完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <location line="+61"/>
        <source>您的排队号（绿色通道）</source>
        <translation>Your number (green channel)</translation>
    </message>
    <message>
        <location filename="../../hallclient/ui/kiosk/app.py" line="+135"/>
        <source>正在连接服务器…</source>
        <translation>Connecting to the server…</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../hallclient/ui/views/dialogs.py" line="+64"/>
        <source>窗口登录</source>
        <translation>Counter sign-in</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>窗口 %1 · 服务器 %2</source>
        <translation>Window %1 · server %2</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>登录</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>设置…</source>
        <translation>Settings…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>用户名</source>
        <translation>User name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>正在登录…</source>
        <translation>Signing in…</translation>
    </message>
</context>
<context>
    <name>ManagerLoginDialog</name>
    <message>
        <location filename="../../hallclient/ui/monitor/signin.py" line="+30"/>
        <source>大厅监控登录</source>
        <translation>Hall monitor sign-in</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>服务器 %1</source>
        <translation>Server %1</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>登录</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>用户名</source>
        <translation>User name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>请输入用户名和密码。</source>
        <translation>Please enter the user name and password.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>正在登录…</source>
        <translation>Signing in…</translation>
    </message>
</context>
<context>
    <name>MonitorController</name>
    <message>
        <location filename="../../hallclient/ui/monitor/controller.py" line="+127"/>
        <source>正在连接…</source>
        <translation>Connecting…</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>%1 · 大厅监控</source>
        <translation>%1 · Hall monitor</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>● 在线</source>
        <translation>● Online</translation>
    </message>
    <message>
        <location line="-16"/>
        <source>● 离线：显示的是断线前的数据，正在重连…</source>
        <translation>● Offline: showing data from before the connection was lost; reconnecting…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>● 登录已失效：</source>
        <translation>● Sign-in expired: </translation>
    </message>
    <message>
        <location line="+32"/>
        <source>更新于 %1</source>
        <translation>Updated %1</translation>
    </message>
    <message>
        <location line="+122"/>
        <location filename="../../hallclient/ui/monitor/rectifications.py" line="+128"/>
        <location line="+73"/>
        <source>%1 号</source>
        <translation>%1</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>暂无需要处理的情况</source>
        <translation>Nothing needs attention</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>%1：%2 人等候，最久已等 %3</source>
        <translation>%1: %2 waiting, longest %3</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>未说明原因</source>
        <translation>no reason given</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 号窗口暂停服务（%2）</source>
        <translation>Window %1 paused (%2)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>，已 %1</source>
        <translation>, for %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 号窗口办理 %2 已用时 %3</source>
        <translation>Window %1 has served %2 for %3</translation>
    </message>
    <message>
        <location filename="../../hallclient/ui/monitor/rectifications.py" line="-41"/>
        <source>差评：%1 号窗口 %2（%3），待核实整改</source>
        <translation>Poor rating: window %1, %2 (%3); to be checked and rectified</translation>
    </message>
    <message>
        <location filename="../../hallclient/ui/monitor/controller.py" line="+11"/>
        <source>手工号冲突：%1 号窗口离线办理的 %2 号已在别处叫号或已结束，请核实</source>
        <translation>Paper ticket clash: number %2, served offline at window %1, was already called elsewhere or finished; please check</translation>
    </message>
    <message>
        <location filename="../../hallclient/ui/monitor/rectifications.py" line="+67"/>
        <source>已超期（限 %1）</source>
        <translation>Overdue (due %1)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>今天到期</source>
        <translation>Due today</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 前</source>
        <translation>By %1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>核实</source>
        <translation>Verify</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>整改</source>
        <translation>Rectify</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>反馈</source>
        <translation>Feed back</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>办结</source>
        <translation>Closed</translation>
    </message>
    <message>
        <location line="+57"/>
        <source>正在读取整改进度…</source>
        <translation>Reading rectification progress…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>以管理员账号登录后可推进整改。</source>
        <translation>Sign in as a manager to move rectifications on.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>没有未办结的差评。</source>
        <translation>No open poor ratings.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>选中一条差评，推进它的整改。</source>
        <translation>Select a poor rating to move its rectification on.</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>已推进：%1 → %2</source>
        <translation>Moved on: %1 → %2</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>%1 号窗口</source>
        <translation>Window %1</translation>
    </message>
    <message>
        <location line="-27"/>
        <source> 处理情况仍在框中，可再次提交。</source>
        <translation> The note is still in the box; submit it again.</translation>
    </message>
    <message>
        <location line="-12"/>
        <source>未能推进：%1。%2</source>
        <translation>Not moved on: %1. %2</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>完成“%1”，办结</source>
        <translation>Finish “%1” and close</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>完成“%1”，转入“%2”</source>
        <translation>Finish “%1”, go on to “%2”</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>（%1）</source>
        <translation> (%1)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 → %2：%3（%4，%5）</source>
        <translation>%1 → %2: %3 (%4, %5)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>%1 号窗口 · %2</source>
        <translation>Window %1 · %2</translation>
    </message>
    <message>
        <location line="-270"/>
        <source>%1 号窗口 %2</source>
        <translation>window %1, %2</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>差评整改超期：%1，“%2”阶段限 %3 前完成</source>
        <translation>Rectification overdue: %1, stage “%2” was due by %3</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>差评：%1（%2），待核实</source>
        <translation>Poor rating: %1 (%2), to be verified</translation>
    </message>
    <message>
        <location filename="../../hallclient/ui/monitor/controller.py" line="+11"/>
        <source>空闲</source>
        <translation>Idle</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>叫号中</source>
        <translation>Calling</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>办理中</source>
        <translation>Serving</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>暂停服务</source>
        <translation>Paused</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>未登录</source>
        <translation>Not signed in</translation>
    </message>
    <message>
        <location filename="../../hallclient/ui/monitor/rectifications.py" line="+62"/>
        <source>非常不满意</source>
        <translation>Very dissatisfied</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>不满意</source>
        <translation>Dissatisfied</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>基本满意</source>
        <translation>Fairly satisfied</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>满意</source>
        <translation>Satisfied</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>非常满意</source>
        <translation>Very satisfied</translation>
    </message>
    <message>
        <location filename="../../hallclient/ui/monitor/controller.py" line="+7"/>
        <source>不到 1 分钟</source>
        <translation>under 1 min</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 分钟</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 小时 %2 分</source>
        <translation>%1 h %2 min</translation>
    </message>
</context>
<context>
    <name>MonitorWindow</name>
    <message>
        <location filename="../../hallclient/ui/monitor/view.py" line="+95"/>
        <source>大厅监控</source>
        <translation>Hall monitor</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>今日取号</source>
        <translation>Tickets today</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已办结</source>
        <translation>Done</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>正在等候</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>平均等候</source>
        <translation>Average wait</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>在岗窗口</source>
        <translation>Windows open</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>过号</source>
        <translation>No-shows</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>今日差评</source>
        <translation>Poor ratings today</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>业务</source>
        <translation>Service</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>号段</source>
        <translation>Prefix</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>等候人数</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>最久等候</source>
        <translation>Longest wait</translation>
    </message>
    <message>
        <location line="+10"/>
        <location line="+19"/>
        <source>窗口</source>
        <translation>Window</translation>
    </message>
    <message>
        <location line="-18"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>工作人员</source>
        <translation>Clerk</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>当前号</source>
        <translation>Current ticket</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已用时</source>
        <translation>Time taken</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>暂停原因</source>
        <translation>Pause reason</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>评价时间</source>
        <translation>Rated at</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>事项</source>
        <translation>Service item</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>阶段</source>
        <translation>Stage</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>时限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>推进整改…</source>
        <translation>Move on…</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>差评整改（未办结）</source>
        <translation>Poor-rating rectification (open)</translation>
    </message>
    <message>
        <location line="-41"/>
        <source>号码</source>
        <translation>Number</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>评价</source>
        <translation>Rating</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>各业务排队</source>
        <translation>Queues by service</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>窗口状态</source>
        <translation>Windows</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>提醒</source>
        <translation>Alerts</translation>
    </message>
    <message>
        <location filename="../../hallclient/ui/monitor/app.py" line="+104"/>
        <source>登录：%1</source>
        <translation>Signed in: %1</translation>
    </message>
</context>
<context>
    <name>OutcomeBox</name>
    <message>
        <location filename="../../hallclient/ui/intake/form_views.py" line="+17"/>
        <source>受理结论</source>
        <translation>Intake decision</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>申请人签署容缺受理承诺书(&amp;L)</source>
        <translation>App&amp;licant signed the pledge to supply missing documents</translation>
    </message>
    <message>
        <location line="+5"/>
        <source> 个工作日内补齐</source>
        <translation> working days to supply</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>不属于本大厅受理范围或无法律依据(&amp;R)</source>
        <translation>Outside this hall&apos;s &amp;remit or no legal basis</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>不予受理的理由</source>
        <translation>Reason for rejection</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>告知申请人应向何处申请（选填）</source>
        <translation>Where the applicant should apply instead (optional)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>按系统建议</source>
        <translation>As suggested</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>改为：</source>
        <translation>Change to: </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>结论(&amp;V)</source>
        <translation>&amp;Decision</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>改判理由（将记入审计）</source>
        <translation>Reason for the change (recorded for audit)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>即办件当场办结(&amp;J)</source>
        <translation>&amp;Complete on the spot (same-day service)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>保存 (Ctrl+S)</source>
        <translation>Save (Ctrl+S)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>新受理 (Ctrl+N)</source>
        <translation>New intake (Ctrl+N)</translation>
    </message>
</context>
<context>
    <name>PaperTicketController</name>
    <message>
        <location filename="../../hallclient/ui/controllers/paper_tickets.py" line="+70"/>
        <source>纸质号票</source>
        <translation>Paper ticket</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>办理中</source>
        <translation>Serving</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>手工登记纸质号票</source>
        <translation>Log a paper ticket</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>服务器离线。请输入申请人纸质号票上的号码，恢复连接后会自动核对：</source>
        <translation>The server is offline. Type the number on the applicant&apos;s paper ticket; it is reconciled when the connection is back:</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>已登记纸质号票 %1，恢复连接后自动核对。</source>
        <translation>Paper ticket %1 logged; it will be reconciled when the connection is back.</translation>
    </message>
</context>
<context>
    <name>PauseDialog</name>
    <message>
        <location filename="../../hallclient/ui/views/queue_dialogs.py" line="+142"/>
        <source>暂停服务</source>
        <translation>Pause</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>请选择暂停原因：</source>
        <translation>Choose a reason for the pause:</translation>
    </message>
</context>
<context>
    <name>Presenter</name>
    <message>
        <location filename="../../hallclient/ui/controllers/presenter.py" line="+16"/>
        <source>等候中</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已叫号，等候申请人到窗口</source>
        <translation>Called; waiting for the applicant</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+21"/>
        <source>办理中</source>
        <translation>Serving</translation>
    </message>
    <message>
        <location line="-20"/>
        <source>已办结</source>
        <translation>Done</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已过号</source>
        <translation>No-show</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已取消</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已转移</source>
        <translation>Transferred</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已挂起</source>
        <translation>Suspended</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>窗口状态未知</source>
        <translation>Window state unknown</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>暂停服务</source>
        <translation>Pause</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>空闲，可以叫号</source>
        <translation>Idle: ready to call</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>叫号中</source>
        <translation>Calling</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>未登录</source>
        <translation>Not signed in</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>%1 秒</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 分钟</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 小时 %2 分</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>本窗口可叫 %1 人</source>
        <translation>%1 applicants this window can call</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>（本窗口）</source>
        <translation> (this window)</translation>
    </message>
</context>
<context>
    <name>PrintPreviewDialog</name>
    <message>
        <location filename="../../hallclient/ui/printing/preview.py" line="+86"/>
        <source>打印预览 — %1</source>
        <translation>Print preview — %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>（补打）</source>
        <translation> (reprint)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>上一页</source>
        <translation>Previous page</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>下一页</source>
        <translation>Next page</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+140"/>
        <source>/ %1 页</source>
        <translation>of %1</translation>
    </message>
    <message>
        <location line="-137"/>
        <source>缩小</source>
        <translation>Zoom out</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>放大</source>
        <translation>Zoom in</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>适合宽度</source>
        <translation>Fit width</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A4 纸</source>
        <translation>A4 paper</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>80 毫米热敏卷纸</source>
        <translation>80 mm thermal roll</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>正在生成预览…</source>
        <translation>Preparing the preview…</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>另存为 PDF(&amp;S)…</source>
        <translation>&amp;Save as PDF…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>打印(&amp;P)…</source>
        <translation>&amp;Print…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location line="+98"/>
        <source>无法生成预览：</source>
        <translation>Cannot make the preview: </translation>
    </message>
</context>
<context>
    <name>PrintService</name>
    <message>
        <location filename="../../hallclient/ui/printing/service.py" line="+63"/>
        <source>打印</source>
        <translation>Print</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>另存为 PDF</source>
        <translation>Save as PDF</translation>
    </message>
    <message>
        <location line="+190"/>
        <source>注意：有 %1 个字没有打印字体，打印前会提示。</source>
        <translation>Note: %1 characters have no printing font; you will be warned before printing.</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>正在打印…</source>
        <translation>Printing…</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>已打印，并已随办件保存。</source>
        <translation>Printed and saved with the case.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>已打印，但保存到办件失败：</source>
        <translation>Printed, but saving it with the case failed: </translation>
    </message>
    <message>
        <location line="+7"/>
        <source>打印失败：</source>
        <translation>Printing failed: </translation>
    </message>
    <message>
        <location line="+22"/>
        <source>已保存：%1</source>
        <translation>Saved: %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>磁盘已满，请换个位置保存或清理磁盘后再试。</source>
        <translation>The disk is full. Save somewhere else, or free up disk space and try again.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>保存失败：</source>
        <translation>Saving failed: </translation>
    </message>
</context>
<context>
    <name>Printing</name>
    <message>
        <location filename="../../hallclient/ui/printing/preview.py" line="-201"/>
        <source>受理回执</source>
        <translation>Intake receipt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>一次性告知书</source>
        <translation>Notice of required documents</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>容缺受理通知书</source>
        <translation>Notice of acceptance with missing documents</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>不予受理通知书</source>
        <translation>Notice of rejection</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>排队号票</source>
        <translation>Queue ticket</translation>
    </message>
    <message>
        <location filename="../../hallclient/ui/printing/hooks.py" line="+32"/>
        <source>补打：%1（%2 %3 打印）</source>
        <translation>Reprint: %1 (printed %2 by %3)</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>打印%1…</source>
        <translation>Print %1…</translation>
    </message>
</context>
<context>
    <name>QueuePanel</name>
    <message>
        <location filename="../../hallclient/ui/views/queue_panel.py" line="+98"/>
        <source>当前号</source>
        <translation>Current ticket</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>业务</source>
        <translation>Service</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>等候</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>最长等候</source>
        <translation>Longest wait</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>本窗口等候人数</source>
        <translation>Waiting for this window</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>挂起的号（选中后按 F10 恢复）</source>
        <translation>Suspended tickets (select, then F10 to resume)</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>绿色通道</source>
        <translation>Green channel</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>手工登记（离线）</source>
        <translation>paper ticket (offline)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>已等候 %1</source>
        <translation>waited %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>重呼 %1 次</source>
        <translation>recalled %1×</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>（已达上限）</source>
        <translation> (limit reached)</translation>
    </message>
</context>
<context>
    <name>RareCharacterDialog</name>
    <message>
        <location filename="../../hallclient/ui/printing/warning.py" line="+24"/>
        <source>生僻字提示</source>
        <translation>Rare characters</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>以下文字没有可用的打印字体，打印出来将显示为“〓”：</source>
        <translation>No printing font has these characters; they will print as “〓”:</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>请在打印后于“〓”处手写补全，并请申请人核对签字；或请信息技术人员安装含这些字的字体后再打印。</source>
        <translation>After printing, write them in by hand where “〓” appears and have the applicant check and sign; or ask IT staff to install a font with these characters, then print.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>我已知晓，打印后手写补全(&amp;K)</source>
        <translation>I &amp;know; I will write them in by hand after printing</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>继续打印</source>
        <translation>Print anyway</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>RatingPrompt</name>
    <message>
        <location filename="../../hallclient/ui/views/rating_prompt.py" line="+115"/>
        <source>服务评价</source>
        <translation>Rate our service</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>请对本次服务进行评价</source>
        <translation>Please rate this service</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>非常满意</source>
        <translation>Very satisfied</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>满意</source>
        <translation>Satisfied</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>基本满意</source>
        <translation>Fairly satisfied</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>不满意</source>
        <translation>Dissatisfied</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>非常不满意</source>
        <translation>Very dissatisfied</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>很抱歉没有让您满意，请告诉我们原因（可多选）：</source>
        <translation>We are sorry. Please tell us why (choose any):</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>其他意见或建议（可选）</source>
        <translation>Other comments (optional)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>提交评价</source>
        <translation>Submit</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>感谢您的评价！</source>
        <translation>Thank you for your rating!</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>窗口 %1 · 号码 %2</source>
        <translation>Window %1 · ticket %2</translation>
    </message>
    <message>
        <location line="+83"/>
        <source>%1 秒后自动关闭</source>
        <translation>Closes in %1 s</translation>
    </message>
</context>
<context>
    <name>RectificationDialog</name>
    <message>
        <location filename="../../hallclient/ui/monitor/rectify.py" line="+53"/>
        <source>差评整改</source>
        <translation>Poor-rating rectification</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>工作人员</source>
        <translation>Clerk</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>事项</source>
        <translation>Service item</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>评价</source>
        <translation>Rating</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>评价人留言</source>
        <translation>Applicant&apos;s comment</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>评价时间</source>
        <translation>Rated at</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>当前阶段</source>
        <translation>Current stage</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>已完成</source>
        <translation>Done so far</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>本阶段核实或处理的情况（必填）</source>
        <translation>What was found or done in this stage (required)</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>处理情况</source>
        <translation>Note</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>正在提交…</source>
        <translation>Submitting…</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>处理情况最多 %1 字。</source>
        <translation>The note may be at most %1 characters.</translation>
    </message>
</context>
<context>
    <name>RenumberedNotice</name>
    <message>
        <location filename="../../hallclient/ui/sync/renumbered_notice.py" line="+21"/>
        <source>受理编号已更改</source>
        <translation>Case numbers changed</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n个办件的受理编号已被本窗口的其他办件使用（本窗口更换电脑后、同步完成前受理的办件），已自动改号。已打印的回执、通知书上仍是原编号，请在办件详情中重新打印并交给申请人。</source>
        <translation>
            <numerusform>The case number of %n case was already used by another case of this window (taken in after this window&apos;s computer was replaced and before sync finished) and has been changed. Receipts and notices already printed still show the old number: reprint them from the case detail and give them to the applicant.</numerusform>
            <numerusform>The case numbers of %n cases were already used by other cases of this window (taken in after this window&apos;s computer was replaced and before sync finished) and have been changed. Receipts and notices already printed still show the old numbers: reprint them from the case detail and give them to the applicant.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SelfTest</name>
    <message>
        <location filename="../../hallclient/selftest.py" line="+172"/>
        <source>政务服务大厅</source>
        <translation>Government service hall</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../hallclient/ui/views/dialogs.py" line="+20"/>
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location line="+10"/>
        <source> 秒</source>
        <translation> s</translation>
    </message>
    <message>
        <location line="+4"/>
        <source> 小时</source>
        <translation> h</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>窗口号、服务器地址和语言在重新登录或重新启动后生效。</source>
        <translation>The window number, server address and language apply after signing in again or restarting.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>服务器地址</source>
        <translation>Server address</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>窗口号</source>
        <translation>Window number</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>界面语言</source>
        <translation>Language</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>评价超时</source>
        <translation>Rating timeout</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>离线登录有效期</source>
        <translation>Offline sign-in valid for</translation>
    </message>
    <message>
        <location filename="../../hallclient/ui/controllers/signin.py" line="+219"/>
        <source>请填写窗口号</source>
        <translation>Please enter the window number</translation>
    </message>
</context>
<context>
    <name>SetupDialog</name>
    <message>
        <location filename="../../hallclient/ui/views/dialogs.py" line="-116"/>
        <source>首次设置</source>
        <translation>First-time setup</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>请填写中心服务器地址和本机所在的窗口号。以后可在“系统 → 设置”中修改。</source>
        <translation>Enter the central server&apos;s address and this PC&apos;s window number. You can change them later under System → Settings.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>测试连接</source>
        <translation>Test connection</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>服务器地址</source>
        <translation>Server address</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>窗口号</source>
        <translation>Window number</translation>
    </message>
    <message>
        <location filename="../../hallclient/ui/controllers/signin.py" line="-77"/>
        <source>连接成功，服务器版本 %1</source>
        <translation>Connected; server version %1</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>正在连接…</source>
        <translation>Connecting…</translation>
    </message>
</context>
<context>
    <name>ShortcutHelp</name>
    <message>
        <location filename="../../hallclient/ui/views/queue_dialogs.py" line="+45"/>
        <source>快捷键</source>
        <translation>Shortcuts</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>按键</source>
        <translation>Key</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>操作</source>
        <translation>Action</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>说明</source>
        <translation>Description</translation>
    </message>
</context>
<context>
    <name>SignInFlow</name>
    <message>
        <location filename="../../hallclient/ui/controllers/signin.py" line="-49"/>
        <source>设置已保存；服务器地址和窗口号重启后生效。</source>
        <translation>Settings saved; the server address and window number apply after a restart.</translation>
    </message>
</context>
<context>
    <name>SingleInstance</name>
    <message>
        <location filename="../../hallclient/ui/single_instance.py" line="+280"/>
        <source>叫号大屏已在运行</source>
        <translation>The calling display is already running</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>本机已有一个叫号大屏程序在使用这个数据文件夹，但它没有响应，本次启动已取消。请切换到已打开的叫号大屏；如果它一直没有响应，请将它关闭（必要时在任务管理器中结束）后再启动。</source>
        <translation>A calling display on this PC is already using this data folder but is not responding, so this start was cancelled. Switch to the display that is open; if it stays unresponsive, close it (end it in Task Manager if need be) and start again.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>取号机已在运行</source>
        <translation>The ticket kiosk is already running</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>本机已有一个取号机程序在使用这个数据文件夹，但它没有响应，本次启动已取消。请切换到已打开的取号机；如果它一直没有响应，请将它关闭（必要时在任务管理器中结束）后再启动。</source>
        <translation>A ticket kiosk on this PC is already using this data folder but is not responding, so this start was cancelled. Switch to the kiosk that is open; if it stays unresponsive, close it (end it in Task Manager if need be) and start again.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>大厅监控已在运行</source>
        <translation>The hall monitor is already running</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>本机已有一个大厅监控程序在使用这个数据文件夹，但它没有响应，本次启动已取消。请切换到已打开的大厅监控；如果它一直没有响应，请将它关闭（必要时在任务管理器中结束）后再启动。</source>
        <translation>A hall monitor on this PC is already using this data folder but is not responding, so this start was cancelled. Switch to the monitor that is open; if it stays unresponsive, close it (end it in Task Manager if need be) and start again.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>窗口端已在运行</source>
        <translation>The counter is already running</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>本机已有一个窗口端程序在使用这个数据文件夹，但它没有响应，本次启动已取消。请切换到已打开的窗口端；如果它一直没有响应，请将它关闭（必要时在任务管理器中结束）后再启动。</source>
        <translation>A counter program on this PC is already using this data folder but is not responding, so this start was cancelled. Switch to the counter that is open; if it stays unresponsive, close it (end it in Task Manager if need be) and start again.</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>数据文件夹：{path}</source>
        <translation>Data folder: {path}</translation>
    </message>
</context>
<context>
    <name>SupplementDialog</name>
    <message>
        <location filename="../../hallclient/ui/intake/dialogs.py" line="-97"/>
        <source>补正 — %1</source>
        <translation>Supplement — %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>待补材料</source>
        <translation>Missing document</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>收取方式</source>
        <translation>Received as</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>电子证照编号</source>
        <translation>E-licence number</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>备注（选填）</source>
        <translation>Note (optional)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>勾选申请人本次补交的材料（空格键勾选）：</source>
        <translation>Tick the documents the applicant has brought now (Space ticks):</translation>
    </message>
</context>
<context>
    <name>SyncDetailsDialog</name>
    <message>
        <location filename="../../hallclient/ui/sync/details_dialog.py" line="+34"/>
        <source>同步详情</source>
        <translation>Sync details</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>编号</source>
        <translation>No.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>内容</source>
        <translation>Content</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>怎么办</source>
        <translation>What to do</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>立即同步</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>重新提交</source>
        <translation>Resubmit</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>采用服务器版本</source>
        <translation>Use the server&apos;s version</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>放弃本窗口未被接受的修改，以服务器上的办件为准</source>
        <translation>Drop this window&apos;s changes the server did not accept; the case on the server stands</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>保留我的修改</source>
        <translation>Keep my changes</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>在服务器的最新版本上重新提交本窗口的修改</source>
        <translation>Resubmit this window&apos;s changes on top of the server&apos;s latest version</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>复制给值班长</source>
        <translation>Copy for the duty manager</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>本程序版本过旧，服务器已停止接收它的数据。请联系信息技术人员升级；本机数据都已保留。</source>
        <translation>This version of the program is too old; the server no longer accepts its data. Please ask IT staff to upgrade it. Everything on this PC is kept.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>服务器暂时无法处理同步：办件、评价等都已保存在本机，稍后会自动重试。若持续出现，请联系信息技术人员查看服务器。</source>
        <translation>The server cannot process the sync right now: cases, ratings and the rest are saved on this PC and will be retried automatically. If this persists, ask IT to check the server.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>当前离线：办件、评价等都已保存在本机，网络恢复后会自动同步。</source>
        <translation>Offline: cases, ratings and the rest are saved on this PC and sync by themselves when the network is back.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>已连接服务器。</source>
        <translation>Connected to the server.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>待同步 %1 条，冲突 %2 条，被拒绝 %3 条。最后同步：%4。</source>
        <translation>%1 to sync, %2 in conflict, %3 rejected. Last sync: %4.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>最近的问题：%1</source>
        <translation>Latest problem: %1</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>无需操作，会自动同步</source>
        <translation>Nothing to do; it syncs by itself</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>同步问题（%1 条）</source>
        <translation>Sync problems (%1)</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>采用服务器上的办件版本：本窗口未被服务器接受的修改将作废（仍保留记录）。确定吗？</source>
        <translation>Use the server&apos;s version of the case: this window&apos;s changes the server did not accept are dropped (a record is kept). Continue?</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>保留本窗口的修改：将在服务器的最新版本上重新提交，由服务器再次核对。确定吗？</source>
        <translation>Keep this window&apos;s changes: they are resubmitted on top of the server&apos;s latest version and checked again. Continue?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>处理同步冲突</source>
        <translation>Resolve sync conflict</translation>
    </message>
</context>
<context>
    <name>SyncStatusWidget</name>
    <message>
        <location filename="../../hallclient/ui/sync/status_widget.py" line="+38"/>
        <source>点击查看同步详情</source>
        <translation>Click for sync details</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>● 同步：连接中</source>
        <translation>● Sync: connecting</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>● 程序需要升级</source>
        <translation>● Upgrade needed</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>● 同步中</source>
        <translation>● Syncing</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>● 在线</source>
        <translation>● Online</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>● 服务器暂时故障（数据已保存在本机）</source>
        <translation>● Server problem (data saved on this PC)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>● 离线（数据已保存在本机）</source>
        <translation>● Offline (data saved on this PC)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>待同步 %1</source>
        <translation>%1 to sync</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>需处理 %1</source>
        <translation>%1 to resolve</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>最后同步 %1</source>
        <translation>Last sync %1</translation>
    </message>
</context>
<context>
    <name>SyncTexts</name>
    <message>
        <location filename="../../hallclient/ui/sync/texts.py" line="+14"/>
        <source>新建办件</source>
        <translation>New case</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>补正材料</source>
        <translation>Supplement documents</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>撤回办件</source>
        <translation>Withdraw case</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>当场办结</source>
        <translation>Completed on the spot</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>修改办件</source>
        <translation>Edit case</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>好差评</source>
        <translation>Rating</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>审计记录</source>
        <translation>Audit record</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>手工排队号</source>
        <translation>Paper ticket</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>打印记录</source>
        <translation>Print record</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>待同步</source>
        <translation>To sync</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>冲突</source>
        <translation>Conflict</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>被拒绝</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>服务器升级后可点“重新提交”</source>
        <translation>Once the server is upgraded, click “Resubmit”</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>核对后选“采用服务器版本”或“保留我的修改”</source>
        <translation>Check, then choose “Use the server&apos;s version” or “Keep my changes”</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>请交值班长处理（可点“复制给值班长”）</source>
        <translation>Pass this to the duty manager (“Copy for the duty manager” helps)</translation>
    </message>
</context>
<context>
    <name>TicketNumberDialog</name>
    <message>
        <location filename="../../hallclient/ui/views/queue_dialogs.py" line="-25"/>
        <source>备注（可选）</source>
        <translation>Note (optional)</translation>
    </message>
</context>
<context>
    <name>TicketPrinter</name>
    <message>
        <location filename="../../hallclient/ui/kiosk/printer.py" line="+54"/>
        <source>磁盘已满</source>
        <translation>Disk full</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>号票文件无法保存：%1</source>
        <translation>The ticket file could not be saved: %1</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>没有可用的打印机。</source>
        <translation>No printer is available.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>打印机不可用：%1</source>
        <translation>Printer not available: %1</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>无法开始打印：%1</source>
        <translation>Could not start printing on %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>打印机拒绝了下一页。</source>
        <translation>The printer refused the next page.</translation>
    </message>
</context>
<context>
    <name>TransferDialog</name>
    <message>
        <location filename="../../hallclient/ui/views/queue_dialogs.py" line="-119"/>
        <source>转移 %1</source>
        <translation>Transfer %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>转到业务</source>
        <translation>To service</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>转到窗口</source>
        <translation>To window</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>给下一个窗口的说明（可选）</source>
        <translation>Note for the next window (optional)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>保留原取号时间（不重新排队）</source>
        <translation>Keep the original ticket time (no new place at the back)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>确认后 %1 将离开本窗口。</source>
        <translation>After you confirm, %1 leaves this window.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>说明</source>
        <translation>Description</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>确认转移</source>
        <translation>Transfer</translation>
    </message>
</context>
<context>
    <name>WindowActionSender</name>
    <message>
        <location filename="../../hallclient/ui/controllers/window_actions.py" line="+202"/>
        <source>操作结果未知：%1 恢复连接后自动补发，不会重复。</source>
        <translation>Outcome unknown: %1 It will be sent again by itself once the connection is back, and will not be done twice.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>操作未完成：%1 恢复连接后再按一次即可，不会重复。</source>
        <translation>Not done: %1 Press the key again once the connection is back; it will not be done twice.</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>操作结果未知：%1 稍后自动补发，不会重复。</source>
        <translation>Outcome unknown: %1 It will be sent again by itself shortly, and will not be done twice.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>操作结果未知：%1 如画面未更新，再按一次即可，不会重复。</source>
        <translation>Outcome unknown: %1 If the screen has not changed, press the key again; it will not be done twice.</translation>
    </message>
</context>
</TS>
